"""The home-store form: a store on the list is accepted, anything else refused with the customer's message."""

import pytest
from django.utils import translation

from portal.stores.forms import HomeStoreForm

STORES = [{"store_id": "s1", "name": "Vinohrady"}, {"store_id": 7}, {"name": "No id"}, "junk"]


def test_a_store_on_the_list_is_accepted():
    form = HomeStoreForm({"store_id": "7"}, stores=STORES)  # the data, as Django's forms take it: first
    assert form.is_valid() and form.cleaned_data["store_id"] == "7"


@pytest.mark.parametrize("data, message", [
    ({"store_id": "s2"}, "This store cannot be chosen. Choose one of the stores on the list."),
    ({"store_id": "No id"}, "This store cannot be chosen. Choose one of the stores on the list."),
    ({}, "Choose a store."),
])
def test_a_store_not_on_the_list_is_refused(data, message):
    with translation.override("en"):
        form = HomeStoreForm(data, stores=STORES)
        assert not form.is_valid() and form.errors["store_id"] == [message]
