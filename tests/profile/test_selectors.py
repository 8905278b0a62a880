"""The profile's selectors: with CareCloud's answers stubbed (no sandbox), the profile page's
record with labels for its codes, its consents new and legacy alike, and the forms' choices read
with the customer's own token; against the live sandbox, every field they hand the templates,
compared with what CareCloud (the sandbox) answers, and records with every optional field of the
spec missing."""

from dataclasses import asdict
from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.aboutyou.selectors import property_answers
from portal.carecloud import reference, resources
from portal.core.shaping import to_datetime
from portal.profile import selectors
from tests.conftest import tweak

SESSION = SimpleNamespace(token="token-1", customer_id="c1")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_profile_forms_choices_are_read_with_the_customers_token(monkeypatch):
    monkeypatch.setattr(reference, "languages", lambda: [{"language_id": "en"}])
    for name in ("countries", "stores", "consents"):
        monkeypatch.setattr(reference, name, lambda *, token, name=name: [{"list": name, "token": token}])
    assert selectors.profile_form_options(session=SESSION) == {
        "languages": [{"language_id": "en"}],
        "countries": [{"list": "countries", "token": "token-1"}],
        "stores": [{"list": "stores", "token": "token-1"}],
        "consents": [{"list": "consents", "token": "token-1"}],
    }


def test_the_profile_shows_the_customers_record_with_labels_for_its_codes(monkeypatch):
    info = {"first_name": "Jana", "last_name": "Nováková", "pre_nominals": "Ing.", "post_nominals": "Ph.D.",
            "birthdate": "1990-04-12", "email": "jana@example.com", "phone": "+420777123456",
            "store_id": "st1", "language_id": "cs",
            "address": {"address1": "Main", "address2": "5", "zip": "11000", "city": "Praha", "country_code": "CZ"},
            "consents": [{"consent_id": "a1", "consent_value": 1, "last_change": "2026-01-02 03:04:05"}]}
    monkeypatch.setattr(resources, "customer_get", lambda **auth: {"customer_id": "c1", "personal_information": info})
    monkeypatch.setattr(resources, "customer_interest_records", lambda **auth: [{"interest_id": "i2"}])
    monkeypatch.setattr(reference, "interests", lambda *, token: [{"interest_id": "i1", "name": "Sport"},
                                                                  {"interest_id": "i2", "name": "Books"}])
    monkeypatch.setattr(resources, "customer_property_records", lambda **auth: [])
    monkeypatch.setattr(reference, "customer_properties", lambda *, token: [])
    monkeypatch.setattr(reference, "countries", lambda *, token: [{"country_id": "CZ", "name": "Czechia"}])
    monkeypatch.setattr(reference, "stores", lambda *, token: [{"store_id": "st1", "name": "Prague Centre"}])
    monkeypatch.setattr(reference, "consents", lambda *, token: [{"agreement_id": "a1", "name": "Newsletter"}])
    profile = selectors.profile_for_customer(session=SESSION)
    assert {key: getattr(profile, key) for key in ("pre_nominals", "first_name", "last_name", "post_nominals",
                                                   "birthdate", "email", "phone", "address_lines", "country_name",
                                                   "language_name", "store_name", "interests", "properties")} == {
        "pre_nominals": "Ing.", "first_name": "Jana", "last_name": "Nováková", "post_nominals": "Ph.D.",
        "birthdate": date(1990, 4, 12), "email": "jana@example.com", "phone": "420777123456",
        "address_lines": ("Main 5", "11000 Praha"),
        "country_name": "Czechia", "language_name": "Czech", "store_name": "Prague Centre",
        "interests": ("Books",), "properties": ()}
    assert [(c.name, str(c.label), c.last_change.isoformat()) for c in profile.consents] == [
        ("Newsletter", "Given", "2026-01-02T03:04:05+01:00")]


@pytest.mark.parametrize("code, name", [("cs", "Czech"), ("en", "English"), ("xx", "")])
def test_a_languages_name_is_in_the_pages_language(code, name):
    assert selectors.language_name(code) == name


@pytest.mark.parametrize("records, listed", [(None, [{"interest_id": "i1", "name": "Sport"}]),
                                             ([{"interest_id": "i1"}], None)])
def test_interests_or_answers_that_cannot_be_read_are_unknown_not_empty(records, listed):
    assert selectors._interest_names(records, listed) is None
    assert property_answers(records, listed) is None


def test_consents_are_named_from_the_projects_list_new_and_legacy_alike(monkeypatch):
    monkeypatch.setattr(reference, "consents", lambda *, token: [{"agreement_id": "a1", "name": "Newsletter"},
                                                                 {"agreement_id": "c9", "name": "Partners"}])
    new = selectors._consents({"consents": [{"consent_id": "a1", "consent_value": 0}]}, token="token-1")
    legacy = selectors._consents({"agreement": {"custom_agreements": [{"agreement_id": "c9", "agreement_value": 1}]}},
                                 token="token-1")
    assert [(c.name, str(c.label)) for c in new + legacy] == [("Newsletter", "Withdrawn"), ("Partners", "Given")]


@pytest.mark.parametrize("info, values", [
    ({"consents": [{"consent_id": "a1", "consent_value": 1}, {"consent_value": 0}],
      "agreement": {"agreement_gtc": 0}}, {"a1": 1}),  # consents win over the deprecated agreement
    ({"agreement": {"agreement_gtc": 1, "agreement_profiling": 0,
                    "custom_agreements": [{"agreement_id": "c9", "agreement_value": 0}]}},
     {"a1": 1, "a2": 0, "c9": 0}),
])
def test_the_customers_consent_answers_by_consent_id(info, values):
    consents = [{"text_id": "gtc", "agreement_id": "a1"}, {"text_id": "profiling", "agreement_id": "a2"},
                {"text_id": "marketing_communication", "agreement_id": "a3"}, "junk"]
    assert selectors.consent_values(info, consents) == values


def test_legacy_agreement_structure_is_labelled():
    rows = selectors._consents({"agreement": {"agreement_gtc": 1, "agreement_profiling": 0}}, token="unused")
    with translation.override("en"):
        assert [(str(r.name), str(r.label)) for r in rows] == [
            ("Processing of personal data", "Given"), ("Profiling", "Withdrawn")]


def test_the_profile(demo_session, demo_api, ids):
    customer = demo_api(f"/customers/{ids.DEMO_CUSTOMER}")
    info = customer["personal_information"]
    country = demo_api("/countries", country_id=info["address"]["country_code"])["countries"][0]["name"]
    store = {s["store_id"]: s["name"] for s in demo_api("/stores")["stores"]}[info["store_id"]]
    consents = {c["agreement_id"]: c["name"] for c in demo_api("/agreements")["agreements"]}

    profile = asdict(selectors.profile_for_customer(session=demo_session))

    # The interests and the answers "about you" come from their own reads.
    names = {i["interest_id"]: i["name"] for i in demo_api("/interests")["interests"]}
    records = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/interest-records")["interest_records"]
    assert sorted(profile.pop("interests")) == sorted(names[r["interest_id"]] for r in records)
    answers = profile.pop("properties")
    assert answers and all(str(a["name"]) and str(a["value"]) for a in answers)
    profile["gender"] = str(profile["gender"])
    for consent in profile["consents"]:
        consent["label"] = str(consent["label"])
    assert profile == {
        "customer_id": customer["customer_id"], "salutation": info["salutation"], "pre_nominals": "Ing.",
        "first_name": info["first_name"], "last_name": info["last_name"], "post_nominals": "",
        "gender": "Female", "birthdate": date.fromisoformat(info["birthdate"]), "email": info["email"],
        "phone": info["phone"], "photo_url": "",
        "address_lines": ("Vinohradská 1511/230", "13000 Praha 3"), "country_code": "cz", "country_name": country,
        "language_id": "cs", "language_name": "Czech", "store_name": store,
        "consents": tuple({"name": consents[c["consent_id"]], "value": c["consent_value"],
                           "label": {1: "Given", 0: "Withdrawn", 2: "Not given"}[c["consent_value"]],
                           "last_change": to_datetime(c["last_change"])} for c in info["consents"]),
    }


@pytest.mark.parametrize("language_id", ["", None])
def test_a_profile_without_a_language(demo_session, monkeypatch, language_id):
    def without_language(customer):
        customer["personal_information"]["language_id"] = language_id
        return customer

    tweak(monkeypatch, "customer_get", without_language)
    profile = selectors.profile_for_customer(session=demo_session)
    assert (profile.language_id, profile.language_name) == ("", "")


@pytest.mark.parametrize("customer", [{}, {"customer_id": None, "personal_information": None},
                                      {"personal_information": {key: None for key in (
                                          "salutation", "pre_nominals", "first_name", "last_name", "post_nominals",
                                          "gender", "birthdate", "email", "phone", "photo_url", "address",
                                          "language_id", "store_id", "consents", "agreement")}}])
def test_a_profile_with_nothing_in_it(demo_session, monkeypatch, customer):
    """Every optional or nullable field of the spec may be missing: the profile is then empty."""
    monkeypatch.setattr(resources, "customer_get", lambda **kwargs: customer)
    profile = asdict(selectors.profile_for_customer(session=demo_session))
    profile.pop("interests"), profile.pop("properties")  # their own reads, not the record's
    assert profile == {
        "customer_id": "", "salutation": "", "pre_nominals": "", "first_name": "", "last_name": "",
        "post_nominals": "", "gender": "", "birthdate": None, "email": "", "phone": "", "photo_url": "",
        "address_lines": (), "country_code": "", "country_name": "", "language_id": "", "language_name": "",
        "store_name": "", "consents": ()}


def test_a_profile_with_codes_nobody_can_name(demo_session, monkeypatch):
    def odd(customer):
        info = customer["personal_information"]
        info.update(gender=9, store_id="no-such-store", photo_url="https://img.example/p.jpg", phone="+420777123456",
                    post_nominals="Ph.D.", consents=[{"consent_id": "no-such-consent", "consent_value": 7}])
        info["address"]["country_code"] = "xx"
        return customer

    tweak(monkeypatch, "customer_get", odd)
    profile = selectors.profile_for_customer(session=demo_session)
    assert {key: str(getattr(profile, key)) for key in ("gender", "store_name", "country_name", "photo_url", "phone",
                                                        "post_nominals")} == {
        "gender": "", "store_name": "", "country_name": "", "photo_url": "https://img.example/p.jpg",
        "phone": "420777123456", "post_nominals": "Ph.D."}
    (consent,) = profile.consents
    assert (str(consent.name), consent.value, str(consent.label)) == ("Consent", 7, "Not given")


def test_legacy_agreements_become_rows_like_consents(demo_session, demo_api, ids, monkeypatch):
    names = {c["agreement_id"]: c["name"] for c in demo_api("/agreements")["agreements"]}

    def legacy(customer):
        info = customer["personal_information"]
        info.pop("consents")
        info["agreement"] = {"agreement_gtc": 1, "agreement_profiling": 9, "custom_agreements": [
            {"agreement_id": ids.CONSENT_PROFILING, "agreement_value": 0},
            {"agreement_id": "nobody", "agreement_value": 5}]}
        return customer

    tweak(monkeypatch, "customer_get", legacy)
    rows = [{**asdict(row), "name": str(row.name), "label": str(row.label)}
            for row in selectors.profile_for_customer(session=demo_session).consents]
    assert rows == [
        {"name": "Processing of personal data", "value": 1, "label": "Given", "last_change": None},
        {"name": "Profiling", "value": 9, "label": "Not given", "last_change": None},
        {"name": names[ids.CONSENT_PROFILING], "value": 0, "label": "Withdrawn", "last_change": None},
        {"name": "Consent", "value": 5, "label": "Not given", "last_change": None},
    ]
