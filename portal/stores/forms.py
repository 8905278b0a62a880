"""The home-store form: one button per store ("Make this my home store")."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HomeStoreForm(forms.Form):
    store_id = forms.ChoiceField(label=_("Home store"), error_messages={
        "required": _("Choose a store."),
        "invalid_choice": _("This store cannot be chosen. Choose one of the stores on the list."),
    })

    def __init__(self, *args, customer=None, stores=(), other_stores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store_id"].choices = [
            (str(store["store_id"]), str(store.get("name") or store["store_id"]))
            for store in stores or [] if isinstance(store, dict) and store.get("store_id")
        ]
