"""The demo customer made to hold the longest value each of the portal's forms accepts (their
max_length: the vendor's spec sets none), as unbroken words where a field allows one: what the
layout must take without a page growing wider than the phone (tests/e2e/test_layout.py, and
scripts/screenshots.py --long). Written through the sandbox's customer interface, as the demo
customer; log in with the card number afterwards (the e-mail changes)."""

from __future__ import annotations

from portal.sandbox.seed import ids


def word(length: int, stem: str = "Dlouhéjméno") -> str:
    """One unbroken word of ``length`` characters (accented: Czech names have them)."""
    return (stem * (length // len(stem) + 1))[:length]


def email() -> str:
    """A valid e-mail address of 254 characters (the most a form takes): a 64-character local part
    and domain labels of at most 63 characters."""
    address = "a" * 64 + "@" + "d" * 63 + "." + "e" * 63 + "." + "f" * 53 + ".example"
    assert len(address) == 254
    return address


ANSWER = "Káva " * 20 + word(200, "bezmezerovýtext")  # 300 characters, the last 200 one word
assert len(ANSWER) == 300

PERSONAL = {
    "first_name": word(100), "last_name": word(100, "Příjmení"), "pre_nominals": word(50, "Ing."),
    "post_nominals": word(50, "Ph.D."), "email": email(), "phone": "4207771234567890123456789012",
}
ADDRESS = {"address1": word(100, "Ulice"), "address2": "1" * 20, "address3": "2" * 20, "zip": "1" * 20,
           "city": word(100, "Město")}
PROPERTIES = {"note": ANSWER, "club_nickname": word(100, "přezdívka_")}


def make_demo_customer_longest(sandbox) -> None:
    """Fill the demo customer's record and "About you" answers with the longest accepted values."""
    token = sandbox.customer_token(ids.DEMO_CARD_NUMBER, login_type="card")
    api = sandbox.api()
    path = f"/customers/{ids.DEMO_CUSTOMER}"
    customer = api.get(path, token=token).json()["data"]
    personal = customer["personal_information"]
    personal.update(PERSONAL)
    for consent in personal.get("consents") or []:
        consent.pop("last_change", None)  # read-only (the spec)
    personal["address"] = {**(personal.get("address") or {}), **ADDRESS}
    response = api.put(path, token=token, json={"customer": {"personal_information": personal}})
    assert response.status_code == 204, response.text
    for property_id, value in PROPERTIES.items():
        record = f"{property_id}:{ids.DEMO_CUSTOMER}"
        response = api.put(f"{path}/property-records/{record}", token=token,
                           json={"property_record": {"property_id": property_id, "property_value": value}})
        if response.status_code == 404:
            response = api.post(f"{path}/property-records", token=token,
                                json={"property_record": {"property_id": property_id, "property_value": value}})
        assert response.status_code in (200, 201, 204), response.text
