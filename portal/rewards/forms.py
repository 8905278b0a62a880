"""The redemption's confirmation form: nothing to type, only its one-time key."""

from django import forms


class RedeemForm(forms.Form):
    """The confirmation of a redemption: nothing to type, only the one-time key the page was given
    (``redemption.RedemptionKeys``). A missing or malformed key is a stale confirmation."""

    key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", max_length=64, widget=forms.HiddenInput)
