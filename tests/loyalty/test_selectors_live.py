"""The selectors called directly against the live sandbox: every field they hand the templates,
compared with what CareCloud (the sandbox) answers. Quicker and more precise than reading it back
out of a rendered page, which test_pages.py does for what the customer sees."""

from datetime import date

import pytest

from portal.accounts.session import customer_auth
from portal.carecloud import resources
from portal.core.shaping import to_datetime
from portal.loyalty import selectors
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.conftest import tweak


def expected_tier(demo_api, ids, record=None):
    record = record or demo_api(f"/customers/{ids.DEMO_CUSTOMER}/status-records", valid_now="true")["status_records"][0]
    statuses = {s["status_id"]: s for s in demo_api("/statuses")["statuses"]}
    current = statuses[record["status_id"]]
    following = statuses[current["next_status"]]
    missing, needed = record["purchase_conditions"]["next_status_points"], following["qualification_points"]
    return {"name": current["name"], "description": current["description"],
            "valid_to": to_datetime(record["valid_to"]), "next_name": following["name"],
            "next_points_missing": missing, "next_points_needed": needed,
            "progress": round((needed - missing) / needed * 100)}


def test_the_tier_with_the_progress_to_the_next(demo_session, demo_api, ids):
    tier = selectors._tier(customer_auth(demo_session))
    assert tier == expected_tier(demo_api, ids)
    assert type(tier["next_points_missing"]) is int and 0 < tier["progress"] < 100


def test_the_next_tier_comes_from_the_status_when_the_record_does_not_name_it(demo_session, demo_api, ids, monkeypatch):
    def without_next(page):
        for record in page.items:
            record["purchase_conditions"].pop("next_status_id")
        return page

    tweak(monkeypatch, "customer_status_records", without_next)
    assert selectors._tier(customer_auth(demo_session)) == expected_tier(demo_api, ids)


def test_the_valid_record_is_the_one_in_force(demo_session, demo_api, ids, monkeypatch):
    def with_an_old_record_first(page):
        old = {**page.items[0], "state": 0, "status_id": "no-such-status", "valid_to": "2020-01-01 00:00:00"}
        return page.__class__(items=[old, *page.items], total=2, count=5, offset=0)

    tweak(monkeypatch, "customer_status_records", with_an_old_record_first)
    assert selectors._tier(customer_auth(demo_session)) == expected_tier(demo_api, ids)


def test_the_highest_tier_has_no_next_one(demo_session, demo_api, ids, monkeypatch):
    top = [s for s in demo_api("/statuses")["statuses"] if not s.get("next_status")][0]

    def at_the_top(page):
        page.items[0].update(status_id=top["status_id"], purchase_conditions={})
        return page

    tweak(monkeypatch, "customer_status_records", at_the_top)
    tier = selectors._tier(customer_auth(demo_session))
    assert (tier["name"], tier["next_name"], tier["next_points_missing"], tier["next_points_needed"],
            tier["progress"]) == (top["name"], "", None, None, None)


def test_no_status_records_no_tier(demo_session, monkeypatch):
    tweak(monkeypatch, "customer_status_records", lambda page: page.__class__([], 0, 5, 0))
    assert selectors._tier(customer_auth(demo_session)) is None


def test_the_dashboard(demo_session, demo_api, ids, sandbox):
    customer = demo_api(f"/customers/{ids.DEMO_CUSTOMER}")["personal_information"]
    overview = demo_api("/wallet/actions/points-overview", customer_id=ids.DEMO_CUSTOMER)
    expiration = demo_api("/wallet/actions/points-expiration-overview", customer_id=ids.DEMO_CUSTOMER)
    vouchers = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", is_valid="true", is_applied="false", count=1)
    rewards = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true", count=3)["rewards"]
    types = {t["card_type_id"]: t["name"] for t in demo_api("/card-types")["card_types"]}
    main = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/cards", is_valid="true", count=5)["cards"][0]

    since = sandbox.last_seq()
    dashboard = selectors.dashboard_for_customer(session=demo_session)
    queries = {e["operation_id"]: sorted(e["query"].split("&")) for e in sandbox.requests_log(since) if e["query"]}
    assert queries["getSubCustomerCards"] == ["count=5", "is_valid=true", "offset=0"]
    assert queries["getSubCustomerVouchers"] == ["count=1", "is_applied=false", "is_valid=true", "offset=0"]
    assert queries["getSubCustomerRewards"] == ["count=3", "is_valid=true", "offset=0"]

    balance = overview["available_points"]
    assert {key: dashboard[key] for key in ("first_name", "salutation", "points", "points_available",
                                            "expiring_amount", "expiring_date", "cards_available", "valid_vouchers",
                                            "rewards_available")} == {
        "first_name": customer["first_name"], "salutation": customer["salutation"], "points": balance,
        "points_available": True, "expiring_amount": expiration["next_amount"],
        "expiring_date": date.fromisoformat(expiration["next_date"]), "cards_available": True,
        "valid_vouchers": vouchers["total_items"], "rewards_available": True}
    assert dashboard["tier"] == expected_tier(demo_api, ids)
    assert (dashboard["main_card"].number, dashboard["main_card"].type_name) == (
        main["card_number"], types[main["card_type_id"]])
    assert [r["reward_id"] for r in dashboard["rewards"]] == [r["reward_id"] for r in rewards]
    for reward, raw in zip(dashboard["rewards"], rewards):
        if raw.get("points_cost"):
            assert reward["missing_points"] == max(raw["points_cost"] - balance, 0)


def test_the_dashboards_main_card_is_a_usable_one(demo_session, monkeypatch):
    def blocked_first(page):
        page.items[0]["state"] = 0
        return page

    tweak(monkeypatch, "customer_cards", blocked_first)
    main_card = selectors.dashboard_for_customer(session=demo_session)["main_card"]
    assert main_card.number == seed_loyalty.DEMO_DIGITAL_CARD_NUMBER


def test_the_profile(demo_session, demo_api, ids):
    customer = demo_api(f"/customers/{ids.DEMO_CUSTOMER}")
    info = customer["personal_information"]
    country = demo_api("/countries", country_id=info["address"]["country_code"])["countries"][0]["name"]
    store = {s["store_id"]: s["name"] for s in demo_api("/stores")["stores"]}[info["store_id"]]
    consents = {c["agreement_id"]: c["name"] for c in demo_api("/agreements")["agreements"]}

    profile = selectors.profile_for_customer(session=demo_session)

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
        "address_lines": ["Vinohradská 1511/230", "13000 Praha 3"], "country_code": "cz", "country_name": country,
        "language_id": "cs", "language_name": "Czech", "store_name": store,
        "consents": [{"name": consents[c["consent_id"]], "value": c["consent_value"],
                      "label": {1: "Given", 0: "Withdrawn", 2: "Not set"}[c["consent_value"]],
                      "last_change": to_datetime(c["last_change"])} for c in info["consents"]],
    }


@pytest.mark.parametrize("language_id", ["", None])
def test_a_profile_without_a_language(demo_session, monkeypatch, language_id):
    def without_language(customer):
        customer["personal_information"]["language_id"] = language_id
        return customer

    tweak(monkeypatch, "customer_get", without_language)
    profile = selectors.profile_for_customer(session=demo_session)
    assert (profile["language_id"], profile["language_name"]) == ("", "")


@pytest.mark.parametrize("customer", [{}, {"customer_id": None, "personal_information": None},
                                      {"personal_information": {key: None for key in (
                                          "salutation", "pre_nominals", "first_name", "last_name", "post_nominals",
                                          "gender", "birthdate", "email", "phone", "photo_url", "address",
                                          "language_id", "store_id", "consents", "agreement")}}])
def test_a_profile_with_nothing_in_it(demo_session, monkeypatch, customer):
    """Every optional or nullable field of the spec may be missing: the profile is then empty."""
    monkeypatch.setattr(resources, "customer_get", lambda **kwargs: customer)
    profile = selectors.profile_for_customer(session=demo_session)
    profile.pop("interests"), profile.pop("properties")  # their own reads, not the record's
    assert profile == {
        "customer_id": "", "salutation": "", "pre_nominals": "", "first_name": "", "last_name": "",
        "post_nominals": "", "gender": "", "birthdate": None, "email": "", "phone": "", "photo_url": "",
        "address_lines": [], "country_code": "", "country_name": "", "language_id": "", "language_name": "",
        "store_name": "", "consents": []}


def test_a_profile_with_codes_nobody_can_name(demo_session, monkeypatch):
    def odd(customer):
        info = customer["personal_information"]
        info.update(gender=9, store_id="no-such-store", photo_url="https://img.example/p.jpg", phone="+420777123456",
                    post_nominals="Ph.D.", consents=[{"consent_id": "no-such-consent", "consent_value": 7}])
        info["address"]["country_code"] = "xx"
        return customer

    tweak(monkeypatch, "customer_get", odd)
    profile = selectors.profile_for_customer(session=demo_session)
    assert {key: str(profile[key]) for key in ("gender", "store_name", "country_name", "photo_url", "phone",
                                               "post_nominals")} == {
        "gender": "", "store_name": "", "country_name": "", "photo_url": "https://img.example/p.jpg",
        "phone": "420777123456", "post_nominals": "Ph.D."}
    (consent,) = profile["consents"]
    assert (str(consent["name"]), consent["value"], str(consent["label"])) == ("Consent", 7, "Not set")


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
    rows = [{**row, "name": str(row["name"]), "label": str(row["label"])}
            for row in selectors.profile_for_customer(session=demo_session)["consents"]]
    assert rows == [
        {"name": "Processing of personal data", "value": 1, "label": "Given", "last_change": None},
        {"name": "Profiling", "value": 9, "label": "Not set", "last_change": None},
        {"name": names[ids.CONSENT_PROFILING], "value": 0, "label": "Withdrawn", "last_change": None},
        {"name": "Consent", "value": 5, "label": "Not set", "last_change": None},
    ]


def test_a_dashboard_of_a_customer_without_a_name(demo_session, monkeypatch):
    monkeypatch.setattr(resources, "customer_get", lambda **kwargs: {"customer_id": kwargs["customer_id"]})
    dashboard = selectors.dashboard_for_customer(session=demo_session)
    assert (dashboard["first_name"], dashboard["salutation"]) == ("", "")
