"""The rate limits' table, read directly (quick and precise, for make mutation): each key of an
action with its rate from the settings, or the table's default rate when a deployment's settings
leave one out."""

from types import SimpleNamespace

from portal.core.ratelimit import _limits


def rates(action, **values):
    request = SimpleNamespace(customer=SimpleNamespace(customer_id="C-1"))
    return [(group, rate) for group, _key, rate in _limits(request, action, values)]


def test_an_actions_keys_take_their_rates_from_the_settings(settings):
    settings.PORTAL_EXPORT_RATE = "2/h"
    settings.PORTAL_EXPORT_RATE_PER_IP = "7/h"
    assert rates("export") == [("portal.export.customer", "2/h"), ("portal.export.ip", "7/h")]


def test_a_rate_the_settings_leave_out_is_the_tables_default(settings):
    del settings.PORTAL_PASSWORD_SETUP_RATE_PER_IP
    del settings.PORTAL_PASSWORD_SETUP_RATE_PER_CONTACT
    assert rates("password-setup", contact="Jana@Example.com") == [
        ("portal.password-setup.ip", "10/15m"), ("portal.password-setup.contact", "3/15m")]


def test_a_contact_or_customer_is_counted_by_its_value_lowercased():
    request = SimpleNamespace(customer=SimpleNamespace(customer_id="C-1"))
    keys = {group: key for group, key, _rate in _limits(request, "registration", {"contact": " Jana@Example.com "})}
    assert keys["portal.registration.ip"] == "ip"
    assert keys["portal.registration.contact"]("portal.registration.contact", request) == "jana@example.com"
    keys = {group: key for group, key, _rate in _limits(request, "reward-redeem", {})}
    assert keys["portal.reward-redeem.customer"]("portal.reward-redeem.customer", request) == "c-1"
