"""A customer with next to nothing (no address, gender, birthday, cards, vouchers, history) sees
every page, with empty states where lists are empty."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

# What each page says to a customer with nothing yet (the seed's public rewards are offered to all).
SAYS = {
    "overview:dashboard": ["Your loyalty programme at a glance."],
    "profile:profile": ["Not given", "No address is saved in your account."],  # gender, birthday, phone
    "cards:card-list": ["You have no cards yet."],
    "rewards:voucher-list": ["You have no valid vouchers."],
    "points:points": ["No point transactions yet."],
    "rewards:reward-list": [],  # its balance, below (the title "Rewards" is in every page's navigation)
}
EMPTY_LISTS = {"cards:card-list", "rewards:voucher-list", "points:points"}


@pytest.mark.parametrize("language", ["en", "cs"])
def test_new_customer_sees_every_page_with_empty_states(new_customer_client, language):
    pages = {}
    with translation.override(language):
        for name, messages in SAYS.items():
            response = new_customer_client.get(reverse(name))
            assert response.status_code == HTTPStatus.OK, name
            page = response.content.decode()
            assert f'<html lang="{language}">' in page
            for message in messages:
                assert gettext(message) in page, (name, message)
            if name in EMPTY_LISTS:
                assert 'class="empty-state"' in page, name
            pages[name] = page
        assert 'class="empty-state"' not in pages["rewards:reward-list"]  # the public rewards are there for everyone
        assert ngettext("You have %(points)s point.", "You have %(points)s points.", 0) % {"points": 0} in pages[
            "rewards:reward-list"]
        assert gettext("Hello, %(name)s") % {"name": "Nova"} in pages["overview:dashboard"]
    assert re.search(r'class="big-number points-balance">0<', pages["overview:dashboard"])  # none yet, but a balance
