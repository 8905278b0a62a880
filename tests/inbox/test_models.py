"""The seen-messages mark's key: a keyed hash of the customer id that stays the same from one release to the next."""

from django.test import override_settings

from portal.inbox.models import customer_key

SECRET_KEY = "a-fixed-key-for-this-test-" + "x" * 30


@override_settings(SECRET_KEY=SECRET_KEY)
def test_the_key_of_a_mark_stored_by_an_earlier_release_is_still_found():
    # The table holds these keys: made any other way, every member's mark would be lost (all messages new again).
    assert customer_key("customer-1") == "527a60a2819b1ed2d6818e09c4245f49bc9f7fca80a4fdd603cb2a243d402f09"
    assert customer_key(1234) == "cbb648d6129d7ac9dc8ea00c0ab2ce042af8f9f2acc37d1ea0f735405414e6b9"
    assert "customer-1" not in customer_key("customer-1")


def test_each_customer_and_each_secret_key_has_its_own_key():
    with override_settings(SECRET_KEY=SECRET_KEY):
        first, second = customer_key("customer-1"), customer_key("customer-2")
    with override_settings(SECRET_KEY=SECRET_KEY + "y"):
        rotated = customer_key("customer-1")
    assert len({first, second, rotated}) == 3
