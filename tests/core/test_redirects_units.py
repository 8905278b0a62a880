"""is_safe_next, called directly (quick and precise, for make mutation): a path of this portal up to
2048 characters is a safe return path, a longer one is not, and the check of a path percent-encoded
once more reads the path alone (not its query or fragment)."""

import pytest

from portal.core.redirects import MAX_LENGTH, is_safe_next


@pytest.mark.parametrize("target, safe", [
    ("/en/points/", True),
    ("/" + "a" * (MAX_LENGTH - 1), True),
    ("/" + "a" * MAX_LENGTH, False),  # one character too long
    ("/en/points/#top%20list", True),  # an encoded space in the fragment is no trick on the path
    ("/en/points/?q=a%20b#top%5C", True),
    ("/%2F%2Fevil.com", False),
    ("/en/points%20/#top", False),
    ("", False),
    (None, False),
])
def test_a_return_path_is_safe_only_when_it_is_a_plain_path_of_this_portal(rf, target, safe):
    assert is_safe_next(target, rf.get("/")) is safe
