"""The store finder's shaping, and its reads against the live sandbox at a pinned moment: the
seeded store closed today and the one open past midnight, the home store first, the rest by city."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from portal.carecloud import customer_cache, reference, resources
from portal.sandbox.seed.reference import STORE_OLOMOUC, STORE_OSTRAVA, STORE_PLZEN
from portal.stores import selectors
from portal.stores.forms import HomeStoreForm
from portal.stores.hours import CLOSED_TODAY, DAY_IDS, OPEN


@pytest.mark.parametrize("digits, expected", [
    ("420224810330", ("+420 224 810 330", "tel:+420224810330")),
    ("421905123456", ("+421 905 123 456", "tel:+421905123456")),
    ("4930123456", ("+4930123456", "tel:+4930123456")),
    ("", ("", "")),
    (None, ("", "")),
])
def test_phone_numbers_for_reading_and_calling(digits, expected):
    assert selectors.format_phone(digits) == expected


def test_the_map_link_is_a_plain_openstreetmap_address():
    assert selectors.map_url(50.0776, 14.4467) == (
        "https://www.openstreetmap.org/?mlat=50.07760&mlon=14.44670#map=17/50.07760/14.44670")
    assert selectors.map_url(None, 14.4) == ""


def test_a_store_without_a_position_or_with_junk_has_no_map_link():
    now = timezone.localtime()
    for gps in (None, {"gps_latitude": 0, "gps_longitude": 0}, {"gps_latitude": "x", "gps_longitude": 1},
                {"gps_latitude": 95, "gps_longitude": 1}):
        store = selectors.shape_store({"store_id": "s", "name": "S", "gps_coordinates": gps}, home_id="", now=now)
        assert store.map_url == "" and store.latitude is None


def finder_at(demo_session, moment):
    data = selectors.stores_form_data(session=demo_session)
    return selectors.store_finder(customer=data["customer"], stores=data["stores"],
                                  other_stores=data["other_stores"], now=moment)


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def test_the_seeded_stores_home_first_then_by_city_without_the_hidden_one(demo_session, ids):
    finder = finder_at(demo_session, timezone.localtime())
    names = [store.store_id for store in finder["stores"]]
    assert names[0] == ids.STORE_PRAHA and finder["home"].is_home  # the demo customer's home store
    assert STORE_OSTRAVA not in names  # not visible for customers
    cities = [store.city_name for store in finder["stores"][1:]]
    assert cities == sorted(cities, key=str.casefold) and "Brno" == cities[0]


def test_the_seeded_store_closed_today_at_a_pinned_moment(demo_session, demo_api):
    olomouc = next(s for s in demo_api("/stores")["stores"] if s["store_id"] == STORE_OLOMOUC)
    open_days = {entry["day_id"] for entry in olomouc["opening"]}
    closed = next(d for d in DAY_IDS if d not in open_days)  # the weekday it was seeded on (or Sunday)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    moment = local(monday + timedelta(days=DAY_IDS.index(closed)), 11)
    with translation.override("en"):
        store = next(s for s in finder_at(demo_session, moment)["stores"] if s.store_id == STORE_OLOMOUC)
    assert store.hours.state == CLOSED_TODAY and store.hours.summary.startswith("Closed today, opens")


def test_the_seeded_store_open_past_midnight_at_a_pinned_moment(demo_session):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    saturday_night = local(monday + timedelta(days=6), 1, 30)  # Sunday 01:30: Saturday's night
    with translation.override("en"):
        store = next(s for s in finder_at(demo_session, saturday_night)["stores"] if s.store_id == STORE_PLZEN)
    assert (store.hours.state, store.hours.summary) == (OPEN, "Open now, closes at 02:00")
    assert store.phone == "+420 377 123 456" and store.map_url.startswith("https://www.openstreetmap.org/")


def test_a_home_store_hidden_from_customers_is_still_named_first(demo_session):
    finder = selectors.store_finder(
        customer={"personal_information": {"store_id": STORE_OSTRAVA}},
        stores=[{"store_id": STORE_PLZEN, "name": "Plzeň"}],
        other_stores=[{"store_id": STORE_OSTRAVA, "name": "Ostrava"}], now=timezone.localtime())
    assert [(s.name, s.is_home) for s in finder["stores"]] == [("Ostrava", True), ("Plzeň", False)]


STORE = {"store_id": "s1", "name": "Zrnko Vinohrady", "phone_number": "420224810330",
         "store_address": {"address1": "Vinohradská ", "address2": 1233, "address3": "48", "zip": "12000",
                           "city": "Praha 2"},
         "url_address": "www.zrnko.cz", "short_description": "Coffee by the park"}


def test_a_store_is_shaped_for_the_page():
    store = selectors.shape_store(STORE, home_id="", now=timezone.localtime())
    assert (store.street, store.city, store.city_name) == ("Vinohradská 1233/48", "120 00 Praha 2", "Praha 2")
    assert store.web == "https://www.zrnko.cz" and store.description == "Coffee by the park"


@pytest.mark.parametrize("address, street", [
    ({"address1": "Vinohradská"}, "Vinohradská"),
    ({"address2": 1233}, "1233"),
    ({"address1": "Na Příkopě", "address3": "22"}, "Na Příkopě 22"),
])
def test_a_street_with_or_without_its_numbers(address, street):
    assert selectors.shape_store({"store_id": "s", "store_address": address}, home_id="",
                                 now=timezone.localtime()).street == street


@pytest.mark.parametrize("zip_code, city", [("12000", "120 00 Praha"), ("120000", "120000 Praha"),
                                            ("1200", "1200 Praha"), ("SW1A", "SW1A Praha")])
def test_only_a_five_digit_postcode_is_written_in_two_groups(zip_code, city):
    store = selectors.shape_store({"store_id": "s", "store_address": {"zip": zip_code, "city": "Praha"}},
                                  home_id="", now=timezone.localtime())
    assert store.city == city


@pytest.mark.parametrize("url, web", [("http://zrnko.cz", "http://zrnko.cz"), ("https://zrnko.cz/", "https://zrnko.cz/"),
                                      (" zrnko.cz ", "https://zrnko.cz"), ("", "")])
def test_the_stores_web_page_keeps_its_scheme_or_gets_https(url, web):
    assert selectors.shape_store({"store_id": "s", "url_address": url}, home_id="",
                                 now=timezone.localtime()).web == web


def test_a_latitude_just_past_the_pole_is_no_position():
    now = timezone.localtime()
    north = selectors.shape_store({"store_id": "s", "gps_coordinates": {"gps_latitude": 90, "gps_longitude": 10}},
                                  home_id="", now=now)
    assert north.latitude == 90 and north.map_url
    past = selectors.shape_store({"store_id": "s", "gps_coordinates": {"gps_latitude": 90.5, "gps_longitude": 10}},
                                 home_id="", now=now)
    assert past.latitude is None and past.map_url == ""


def test_a_deleted_store_is_not_listed():
    finder = selectors.store_finder(customer=None, now=timezone.localtime(), stores=[
        {"store_id": "gone", "name": "Gone", "state": 0}, {"store_id": "open", "name": "Open", "state": 1},
        {"store_id": "plain", "name": "Plain"}])
    assert sorted(store.store_id for store in finder["stores"]) == ["open", "plain"]


@pytest.fixture
def reads(monkeypatch):
    """CareCloud's answers, faked: the customer's record with home store ``home``, the visible stores."""
    faked = SimpleNamespace(home="s1", visible=[STORE, {"store_id": "s2", "name": "Brno"}], every_asked=0)

    def every_store(token):
        faked.every_asked += 1
        return faked.visible + [{"store_id": "hidden", "name": "Ostrava"}]

    monkeypatch.setattr(customer_cache, "cached", lambda token, name, fetch: fetch())
    monkeypatch.setattr(resources, "customer_get", lambda **auth: {"personal_information": {"store_id": faked.home}})
    monkeypatch.setattr(reference, "stores_visible", lambda token: faked.visible)
    monkeypatch.setattr(reference, "stores", every_store)
    return faked


SESSION = SimpleNamespace(token="token-1", customer_id="customer-1")


def test_a_visible_home_store_needs_no_read_of_every_store(reads):
    data = selectors.stores_form_data(session=SESSION)
    assert data["other_stores"] == [] and reads.every_asked == 0
    reads.home = "hidden"
    data = selectors.stores_form_data(session=SESSION)
    assert reads.every_asked == 1 and "hidden" in {store["store_id"] for store in data["other_stores"]}


def test_without_the_customers_record_the_form_still_offers_the_stores(reads):
    options = selectors.stores_form_options(session=SESSION)
    form = HomeStoreForm(data={"store_id": "s2"}, **options)  # as the view draws it (get_form_kwargs)
    assert form.is_valid() and form.cleaned_data["store_id"] == "s2"
    finder = selectors.store_finder(**options, now=timezone.localtime())
    assert finder["home"] is None and [store.store_id for store in finder["stores"]] == ["s2", "s1"]
