"""Fixtures of the campaign pages' tests: addresses, the sandbox's own view of a campaign, a
brand-new customer, and the portal's clock moved forward."""

import uuid
from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.sandbox.seed import campaigns as seeded
from tests.conftest import portal_login

AUTUMN, ADVENT, CHRISTMAS, SUMMER = (seeded.CAMPAIGN_AUTUMN_COFFEE, seeded.CAMPAIGN_ADVENT_BAKING,
                                     seeded.CAMPAIGN_CHRISTMAS, seeded.CAMPAIGN_SUMMER_ICED)
UNKNOWN = "0000000000000000000000000a"
SLUGS = {
    AUTUMN: {"en": "autumn-coffee", "cs": "podzimni-kava"},
    ADVENT: {"en": "advent-baking", "cs": "adventni-peceni"},
    CHRISTMAS: {"en": "christmas-2026", "cs": "vanoce-2026"},
    SUMMER: {"en": "summer-iced-coffee", "cs": "letni-ledova-kava"},
}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def link(campaign_id, language="en"):
    """The stable link marketing pastes."""
    return url("campaigns:link", language, campaign_id=campaign_id)


def canonical(campaign_id, language="en"):
    return url("campaigns:detail", language, campaign_id=campaign_id, slug=SLUGS[campaign_id][language])


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def public(sandbox):
    """The sandbox's own answers, read with a fresh (anonymous) token: ``public(path, language, **params)``."""
    token = sandbox.new_token()

    def get(path, language="en", **params):
        response = sandbox.api().get(path, token=token, language=language, params=params)
        assert response.status_code == HTTPStatus.OK, response.text
        return response.json()["data"]
    return get


@pytest.fixture
def anonymous(carecloud, client, db):
    """A visitor who is not logged in (the portal pointed at the live sandbox)."""
    return client


@pytest.fixture
def new_customer_client(carecloud, sandbox, ids, db):
    """A customer created a moment ago (no points, no rewards yet), logged in to the portal."""
    email = f"campaign-new-{uuid.uuid4().hex[:12]}@example.com"
    response = sandbox.api().post("/customers", token=sandbox.new_token("en"), json={
        "customer": {"personal_information": {"first_name": "Nela", "email": email, "language_id": "en"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": "New-Campaign-4",
        "autologin": False,
    })
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.text
    client = Client()
    assert portal_login(client, email, "New-Campaign-4").status_code == HTTPStatus.FOUND
    return client


@pytest.fixture
def days_later():
    """Move the portal's clock (never the sandbox's) forward: ``days_later(14)``."""
    patches = []

    def move(days):
        patcher = mock.patch("portal.campaigns.selectors._now", return_value=timezone.now() + timedelta(days=days))
        patches.append(patcher)
        patcher.start()
    yield move
    for patcher in patches:
        patcher.stop()
