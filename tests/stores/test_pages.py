"""The store finder as a member uses it, against the live sandbox: the page, the home store
changed with the form (read-modify-write of the customer record), a choice that is not on the
list, CareCloud failing while saving, and the page for someone not logged in."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.sandbox.seed.reference import STORE_OSTRAVA, STORE_PLZEN

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


def url(language="en"):
    with translation.override(language):
        return reverse("stores:stores")


def test_the_page_lists_the_stores_home_store_first(customer_client, ids):
    response = customer_client.get(url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index("Zrnko Prague – Vinohrady") < html.index("Zrnko Brno – Freedom Square") < html.index("Plzeň")
    assert "Your home store" in html and "(closed)" not in html  # the store hidden from customers is not listed
    assert "+420 224 810 330" in html and 'href="tel:+420224810330"' in html
    assert "https://www.openstreetmap.org/?mlat=50.07760&amp;mlon=14.44670" in html
    assert "<script" not in html.split("</header>", 1)[1].split("<footer", 1)[0]  # no map script in the page
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_the_page_in_czech(customer_client):
    html = customer_client.get(url("cs")).content.decode()
    assert "Prodejny" in html and "Vaše domovská prodejna" in html and "Nastavit jako domovskou prodejnu" in html


def test_making_another_store_the_home_store(customer_client, demo, ids):
    before = demo.customer()
    response = customer_client.post(url(), {"store_id": STORE_PLZEN})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url()
    after = demo.customer()
    assert after["personal_information"]["store_id"] == STORE_PLZEN
    # read-modify-write: everything else of the record went back as it was
    for name in ("first_name", "last_name", "email", "phone", "birthdate", "address"):
        assert after["personal_information"].get(name) == before["personal_information"].get(name), name
    assert after["personal_information"]["consents"] == before["personal_information"]["consents"]
    page = customer_client.get(url()).content.decode()
    assert "Your home store has been changed." in page
    assert page.index("Plzeň") < page.index("Zrnko Prague – Vinohrady")  # the new home store comes first


def test_the_same_store_again_writes_nothing(customer_client, ids, calls):
    calls.mark()
    response = customer_client.post(url(), {"store_id": ids.STORE_PRAHA}, follow=True)
    assert "This is your home store already." in response.content.decode()
    assert calls("putCustomer") == []


@pytest.mark.parametrize("store_id", [STORE_OSTRAVA, "not-a-store", ""])
def test_a_store_not_on_the_list_is_refused(customer_client, demo, ids, store_id):
    response = customer_client.post(url(), {"store_id": store_id})
    assert response.status_code == HTTPStatus.OK
    assert "Choose" in response.content.decode()
    assert demo.customer()["personal_information"]["store_id"] == ids.STORE_PRAHA


def test_carecloud_failing_while_saving_keeps_the_page(customer_client, demo, ids, fail_next_write):
    fail_next_write(503)
    response = customer_client.post(url(), {"store_id": STORE_PLZEN})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = response.content.decode()
    assert "not responding" in html and "Zrnko Prague – Vinohrady" in html
    assert demo.customer()["personal_information"]["store_id"] == ids.STORE_PRAHA


def test_a_visitor_logs_in_first(client, carecloud, db):
    response = client.get(url())
    assert response.status_code == HTTPStatus.FOUND and "login" in response["Location"]
