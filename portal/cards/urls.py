from django.urls import path, register_converter

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "cards"


class CardFileTypeConverter:
    """A file type of postGenerateDigitalCard."""

    regex = "png|qr-png|wallet"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CardFileTypeConverter, "card_file_type")

urlpatterns = [
    path("cards/", views.CardListView.as_view(), name="card-list"),
    path("cards/till/", views.TillCardView.as_view(), name="till-card"),
    path("cards/add/", views.CardAddView.as_view(), name="card-add"),
    path("cards/digital/", views.DigitalCardView.as_view(), name="digital-card"),
    path("cards/<ccid:card_id>/files/<card_file_type:file_type>/", views.CardFileView.as_view(), name="card-file"),
]
