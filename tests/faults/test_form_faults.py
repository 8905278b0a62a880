"""Fault injection on every form (issue 9 §6): each form submitted while CareCloud fails at random
(error_rate 0.3, seeded), answers its write with 500 or 503, lets its write time out, or is down
with nothing cached. Never a 500; when the write did not go through, the form comes back with
everything typed (passwords excepted) and an honest message; and the sandbox's request log shows no
write sent twice for one submission. A registration whose answer was lost is checked before it is
sent again, so a second submission makes no second account."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from unittest import mock

import pytest
from django import forms as django_forms
from django.core.cache import cache
from django.urls import reverse as _reverse
from django.utils import translation

from portal.carecloud import client as carecloud_client
from portal.core.forms import FAILURE_MESSAGES
from portal.sandbox.seed import ids
from tests.conftest import portal_login
from tests.support.faults import SEED
from tests.support.forms import as_submitted

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nove-Heslo-2024"


@dataclass
class Submission:
    data: dict
    typed: list[str] = field(default_factory=list)  # what must be in the form drawn again (HTML)
    secrets: list[str] = field(default_factory=list)  # what must never be in it


def _form(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, (url, response.status_code)
    return response.context["form"]


def _login(client, url):
    return Submission({"login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD},
                      typed=[f'value="{ids.DEMO_EMAIL}"'], secrets=[ids.DEMO_PASSWORD])


def _register(client, url):
    from tests.accounts.test_register import PASSWORD, valid

    data = valid(ids)
    _form(client, url)
    client.post(url, {})  # the session's guest token exists now (an invalid form calls no one)
    return Submission(data, typed=[f'value="{data["email"]}"', 'value="Dvořáková"', 'value="Údolní 53"',
                                   'value="60200"'], secrets=[PASSWORD])


def _forgotten(client, url):
    data = {**as_submitted(_form(client, url)), "email": ids.DEMO_EMAIL}
    return Submission(data, typed=[f'value="{ids.DEMO_EMAIL}"'])


def _password_change(client, url):
    _form(client, url)
    return Submission({"current_password": ids.DEMO_PASSWORD, "new_password": NEW_PASSWORD,
                       "new_password_again": NEW_PASSWORD}, secrets=[ids.DEMO_PASSWORD, NEW_PASSWORD])


def _profile(client, url):
    data = {**as_submitted(_form(client, url)), "first_name": "Faultina", "city": "Olomouc"}
    return Submission(data, typed=['value="Faultina"', 'value="Olomouc"'])


def _interests(client, url):
    form = _form(client, url)
    data = as_submitted(form)
    unticked = [value for value, _label in form.fields["interests"].choices if str(value) not in data["interests"]]
    data["interests"] = [*data["interests"], str(unticked[0])]  # one more: one write
    # ticked again, or (choices unreadable) carried as hidden inputs
    return Submission(data, typed=[rf'value="{value}"' for value in data["interests"]])


def _properties(client, url):
    form = _form(client, url)
    data = as_submitted(form)
    name = next(name for name, f in form.fields.items()
                if type(f) is django_forms.CharField and type(f.widget) is django_forms.TextInput and not f.disabled)
    data[name] = "Espresso doppio"  # one answer changed: one write
    return Submission(data, typed=['value="Espresso doppio"'])


def _redeem(client, url):
    form = _form(client, url)
    return Submission({"key": form["key"].value()})


@dataclass(frozen=True)
class FormCase:
    name: str
    url: Callable[[], str] | None  # None: the confirmation of a reward the demo customer can afford
    prepare: Callable
    write: str  # the write the faults aim at: a regex on "METHOD path" (as the sandbox logs it)
    customer: bool = True


FORMS = [
    FormCase("login", lambda: reverse("accounts:login"), _login, r"^POST /tokens/\{token_id\}/actions/login$",
             customer=False),
    FormCase("registration", lambda: reverse("accounts:register"), _register, r"^POST /customers$", customer=False),
    FormCase("forgotten password", lambda: reverse("accounts:password-forgotten"), _forgotten,
             r"^POST /tokens/\{token_id\}/actions/send-password-setup", customer=False),
    FormCase("password change", lambda: reverse("accounts:password-change"), _password_change,
             r"^PUT /customers/"),
    FormCase("profile", lambda: reverse("profile:profile-edit"), _profile, r"^PUT /customers/"),
    FormCase("interests", lambda: reverse("profile:interests-edit"), _interests,
             r"^POST /customers/.+/interest-records"),
    FormCase("about you", lambda: reverse("aboutyou:properties-edit"), _properties, r"/property-records"),
    FormCase("redemption", None, _redeem, r"^POST /rewards/.+/actions/create-voucher$"),
]

# Forms drawn from CareCloud's reference lists (which "down, nothing cached" makes unreadable).
CHOICES_FROM_CARECLOUD = {"registration", "profile", "interests", "about you"}

# How the write (or everything) fails; "down": every call 503 and nothing cached (reference lists too).
FAULTS = ["none", "error_rate 0.3", "429 on the write", "500 on the write", "503 on the write", "write times out",
          "down, nothing cached"]


def reverse(*args, **kwargs) -> str:
    with translation.override("en"):
        return _reverse(*args, **kwargs)


def _writes(sandbox, since) -> list[str]:
    """The writes CareCloud received (a write it refused with 429 did not happen: not counted)."""
    return [f"{e['method']} {e['path']}" for e in sandbox.requests_log(since)
            if e["method"] != "GET" and e["status"] != HTTPStatus.TOO_MANY_REQUESTS]


def _reward_url(client) -> str:
    """The confirmation of a reward the demo customer can afford, read from the rewards list."""
    html = client.get(reverse("rewards:reward-list")).content.decode()
    found = re.findall(r'href="(/en/rewards/[0-9A-Za-z_-]+/redeem/)"', html)
    assert found, "no affordable reward to redeem"
    return found[0]


# Faults under which the write cannot have gone through as far as the portal knows.
WRITE_FAILS = ("500 on the write", "503 on the write", "write times out", "down, nothing cached")


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("case", FORMS, ids=[case.name for case in FORMS])
def test_a_form_under_faults_keeps_what_was_typed_and_sends_no_write_twice(
        case, fault, fresh_sandbox, carecloud, client, settings, monkeypatch):
    monkeypatch.setattr("portal.accounts.throttle.pad", lambda *args, **kwargs: None)  # no padded waits here
    settings.PORTAL_RATE_LIMITS = {"password-setup": "10/15m/ip,1000/m/contact"}
    if case.customer:
        assert portal_login(client).status_code == HTTPStatus.FOUND
    url = case.url() if case.url else _reward_url(client)
    submission = case.prepare(client, url)
    sandbox = fresh_sandbox
    sandbox.clear_faults()
    since = sandbox.last_seq()
    write = re.compile(case.write)
    real_request = carecloud_client.CareCloudClient.request

    def request(self, method, path, **kwargs):
        """Arms the fault just before the write goes out (the reads before it succeed)."""
        logged = re.sub(r"^/tokens/[^/]+", "/tokens/{token_id}", path)
        if method.upper() != "GET" and write.search(f"{method.upper()} {logged}"):
            if fault == "429 on the write":  # refused before processing: sent again after Retry-After
                sandbox.set_faults(force_status=429, force_count=1, retry_after=1)
            elif fault == "500 on the write":
                sandbox.set_faults(force_status=500, force_count=1)
            elif fault == "503 on the write":
                sandbox.set_faults(force_status=503, force_count=1, retry_after=0)
            elif fault == "write times out":
                sandbox.set_faults(latency_ms=1500, latency_count=1)
        return real_request(self, method, path, **kwargs)

    if fault == "error_rate 0.3":
        sandbox.set_faults(error_rate=0.3, seed=SEED)
    elif fault == "write times out":
        settings.CARECLOUD_READ_TIMEOUT = 0.5
    elif fault == "down, nothing cached":
        cache.clear()
        sandbox.set_faults(force_status=503, retry_after=0)
    with mock.patch.object(carecloud_client.CareCloudClient, "request", request):
        response = client.post(url, submission.data)
    sandbox.clear_faults()  # (and waits out a write the portal gave up on)

    assert response.status_code < 500 or response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, response.status_code
    html = response.content.decode()
    assert "Traceback" not in html
    if fault in WRITE_FAILS:  # the write did not go through: never a redirect as if it had
        assert response.status_code != HTTPStatus.FOUND, f"{case.name} ({fault}) went on as if it was saved"
    if response.status_code != HTTPStatus.FOUND:  # not done: the form again, as typed
        missing = [typed for typed in submission.typed if not re.search(typed, html)]
        assert not missing, f"{case.name} ({fault}, {response.status_code}) lost what was typed: {missing}"
        assert not [secret for secret in submission.secrets if secret in html]
        # a message on the form, or (nothing to keep: the redemption) the unavailable page
        assert 'role="alert"' in html or "message--" in html or "status-page" in html, "no message says what happened"
        if fault == "down, nothing cached" and case.name in CHOICES_FROM_CARECLOUD:
            assert str(FAILURE_MESSAGES["choices"]) in html
    twice = [call for call, count in Counter(_writes(sandbox, since)).items() if count > 1]
    assert not twice, f"{case.name} ({fault}) sent a write twice: {twice}"

    if fault in ("none", "429 on the write"):  # the submission is one that goes through, with its write
        assert response.status_code == HTTPStatus.FOUND, f"{case.name} ({fault}) did not go through"
        assert [call for call in _writes(sandbox, since) if write.search(call)], f"{case.name}: no write was sent"

    if case.name == "registration" and fault == "write times out":
        # The account was made after all (the sandbox finished the write the portal gave up on):
        # sent again, the form asks first and says so, instead of making a second account.
        again = client.post(url, submission.data)
        assert again.status_code == HTTPStatus.OK
        assert "exists already: most likely your previous attempt went through" in again.content.decode()
        creates = [call for call in _writes(sandbox, since) if call == "POST /customers"]
        assert len(creates) == 1
