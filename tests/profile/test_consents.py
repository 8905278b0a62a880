"""Consents say what happened, against the live sandbox, on the profile page, the profile form and
the data export alike: a consent left unticked at registration is "not given" (the spec's 2,
"consent not set"), never "withdrawn"; given, it shows the day it was given; only a member who
unticks a given consent withdraws it."""

import re
import uuid
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.sandbox.seed.preferences import ITEM_MONTHLY
from tests.support.forms import as_submitted

pytestmark = pytest.mark.django_db

PASSWORD = "Kavarna-Nova-7"


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def consent_badges(client) -> dict[str, str]:
    """The profile page's consents: name -> what the line says (badge and date)."""
    page = client.get(url("profile:profile")).content.decode()
    section = page.split('id="consents-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r'<li class="consent">(.*?)</li>', section, re.S)
    lines = {}
    for item in items:
        parts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)).strip()
                 for part in re.findall(r"<span[^>]*>(.*?)</span>", item, re.S)]
        lines[parts[0]] = " ".join(parts[1:])
    return lines


def export_rows(client) -> dict[str, list[str]]:
    response = client.get(url("mydata:my-data-print"))
    assert response.status_code == HTTPStatus.OK
    html = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    section = html.split(">Consents<", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", cell).strip()
                 for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture
def registered(carecloud, ids):
    """A member registered through the portal's form who ticked only the required consent."""
    client = Client()
    form = client.get(url("accounts:register")).context["form"]
    data = {**as_submitted(form), "first_name": "Olga", "last_name": "Malá",
            "email": f"c-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD, "language_id": "en",
            "store_id": ids.STORE_BRNO,
            "property_newsletter_frequency": ITEM_MONTHLY, f"consent_{ids.CONSENT_GTC}": "on"}
    data = {key: value for key, value in data.items()
            if not key.startswith("consent_") or key.endswith(ids.CONSENT_GTC)}
    response = client.post(url("accounts:register"), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    return client


def test_a_consent_left_unticked_at_registration_is_not_given_and_never_withdrawn(registered, ids):
    lines = consent_badges(registered)
    assert len(lines) == 5
    given = [name for name, line in lines.items() if line.startswith("Given")]
    assert len(given) == 1 and re.fullmatch(r"Given given on \d{1,2} \w{3} \d{4}", lines[given[0]])
    others = [line for name, line in lines.items() if name not in given]
    assert others == ["Not given"] * 4  # no date: nothing happened to them
    assert "Withdrawn" not in registered.get(url("profile:profile")).content.decode()
    # the data export agrees, and dates only the one given
    rows = export_rows(registered)
    assert sorted(value for value, _ in rows.values()) == ["Given", "Not given", "Not given", "Not given", "Not given"]
    assert all(changed == "" for value, changed in rows.values() if value == "Not given")


def test_a_consent_is_withdrawn_only_after_the_member_withdrew_it(registered, ids):
    def post(ticked: set[str]):
        form = registered.get(url("profile:profile-edit")).context["form"]
        data = as_submitted(form)
        for name, consent_id in form.consent_names.items():
            data.pop(name, None)
            if consent_id in ticked:
                data[name] = "on"
        response = registered.post(url("profile:profile-edit"), data)
        assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors

    form = registered.get(url("profile:profile-edit")).context["form"]
    names = {cid: str(form.fields[name].label) for name, cid in form.consent_names.items()}
    marketing = names[ids.CONSENT_MARKETING]
    # saving the form with the boxes as they are changes nothing: still not given
    post({ids.CONSENT_GTC})
    assert consent_badges(registered)[marketing] == "Not given"
    post({ids.CONSENT_GTC, ids.CONSENT_MARKETING})
    assert consent_badges(registered)[marketing].startswith("Given given on ")
    post({ids.CONSENT_GTC})
    lines = consent_badges(registered)
    assert lines[marketing].startswith("Withdrawn withdrawn on ")
    assert [line for line in lines.values() if line.startswith("Withdrawn")] == [lines[marketing]]
    assert export_rows(registered)[marketing][0] == "Withdrawn"


def test_czech_labels(registered):
    registered.get(url("profile:profile"))
    page = registered.get(url("profile:profile", "cs")).content.decode()
    assert "Neudělen" in page and "Odvolán" not in page
