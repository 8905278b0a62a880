"""Attribution and deep links through registration, against the live sandbox.

The registration form is filled generically from the page (whatever fields it has, the required
ones given plausible values), so these tests follow the form as it grows.
"""

import uuid
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.sandbox.seed import reference as seed_reference
from tests.support.html import parse

from .conftest import AUTUMN, canonical, text, url

PASSWORD = "Campaign-Join-7x"
DEEP = "/en/vouchers/?state=applied&page=1"


def registration_data(html: str, email: str) -> dict:
    """The registration form of ``html`` filled in: hidden fields as they are, every required field
    (and names) with a plausible value, required checkboxes (terms) ticked, optional ones not."""
    page = parse(html)
    form = next(f for f in page.forms if any(field.get("type") == "password" for field in f["fields"]))
    data: dict = {}
    for field in form["fields"]:
        name, kind = field.get("name"), field.get("type", "text")
        required = "required" in field
        if not name or kind in ("submit", "button", "reset"):
            continue
        if kind == "hidden":
            data[name] = field.get("value", "")
        elif kind == "checkbox":
            if required:
                data[name] = field.get("value") or "on"
        elif kind == "radio":
            data.setdefault(name, field.get("value", ""))
        elif field["tag"] == "select":
            options = [option for option in field["options"] if option]
            if options and (required or name in ("country_code", "language_id")):
                data[name] = options[0]
        elif kind == "email" or "email" in name:
            data[name] = email
        elif kind == "password" or "password" in name:
            data[name] = PASSWORD
        elif kind == "date" or "birth" in name:
            data[name] = "1990-05-17"
        elif kind == "tel" or "phone" in name:
            if required:
                data[name] = f"+420 7{uuid.uuid4().int % 10**8:08d}"
        elif required or name in ("first_name", "last_name"):
            data[name] = "Nela" if "first" in name else "Testová"
    return data


def register(client: Client, register_url: str, email: str):
    """Open the registration page at ``register_url`` and send its form; the response to the POST."""
    form_page = client.get(register_url)
    assert form_page.status_code == HTTPStatus.OK
    action = next((f.get("action") for f in parse(form_page.content).forms
                   if any(field.get("type") == "password" for field in f["fields"])), "") or urlsplit(register_url).path
    return client.post(action, registration_data(text(form_page), email))


def new_email() -> str:
    return f"campaign-{uuid.uuid4().hex[:12]}@example.com"


def registered_with_source(sandbox, email: str, source_id: str) -> bool:
    response = sandbox.api("enterprise").get("/customers", token=sandbox.enterprise_token(),
                                             params={"email": email, "customer_source_id": source_id})
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]["total_items"] == 1


@pytest.fixture
def newsletter_mapped(settings):
    settings.PORTAL_UTM_SOURCE_MAP = {"newsletter": seed_reference.SOURCE_NEWSLETTER}


def test_a_tagged_visit_registers_with_the_mapped_customer_source(anonymous, sandbox, newsletter_mapped):
    anonymous.get(canonical(AUTUMN), {"utm_source": "newsletter", "utm_medium": "email"})
    email = new_email()
    response = register(anonymous, url("accounts:register"), email)
    assert response.status_code == HTTPStatus.FOUND, text(response)[:2000]
    assert registered_with_source(sandbox, email, seed_reference.SOURCE_NEWSLETTER)


def test_an_unknown_tag_registers_with_the_default_source(anonymous, sandbox, newsletter_mapped):
    from portal.accounts.attribution import customer_source_for

    request = RequestFactory().get("/")
    request.session, request.COOKIES = {}, {}
    default = customer_source_for(request)
    assert default != seed_reference.SOURCE_NEWSLETTER
    anonymous.get(canonical(AUTUMN), {"utm_source": "instagram"})
    email = new_email()
    assert register(anonymous, url("accounts:register"), email).status_code == HTTPStatus.FOUND
    assert registered_with_source(sandbox, email, default)


def test_a_deep_link_through_registration_lands_exactly_there(anonymous):
    login = anonymous.get(DEEP)["Location"]
    login_page = parse(anonymous.get(login).content)
    register_path = url("accounts:register")
    join = next(href for href in login_page.hrefs() if href.startswith(register_path))
    assert parse_qs(urlsplit(join).query) == {"next": [DEEP]}  # the login page's link carries next
    response = register(anonymous, join, new_email())
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == DEEP
    landed = anonymous.get(DEEP)
    assert landed.status_code == HTTPStatus.OK and '<a href="?state=applied" aria-current="page">' in text(landed)


@pytest.mark.parametrize("language", ["en", "cs"])
def test_register_from_a_campaign_and_land_back_on_it_logged_in(anonymous, language):
    campaign = canonical(AUTUMN, language)
    join = next(href for href in parse(anonymous.get(campaign).content).hrefs()
                if href.startswith(url("accounts:register", language)))
    assert parse_qs(urlsplit(join).query) == {"next": [campaign]}
    response = register(anonymous, join, new_email())
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == campaign
    back = anonymous.get(campaign)
    assert back.status_code == HTTPStatus.OK and "private" in back["Cache-Control"]
    with translation.override(language):
        assert reverse("rewards:reward-list") in parse(back.content).hrefs()  # the member's view of it
    assert "?next=" not in text(back)
