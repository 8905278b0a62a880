"""The client's file download: only from CareCloud's own host (or CARECLOUD_FILE_HOSTS), without
the token, never more than asked for, errors mapped like every call."""

import pytest
import responses

from portal.carecloud.client import CareCloudClient
from portal.carecloud.exceptions import NotFoundError, ServerError

BASE = "https://club.example.com/webservice/rest-api/customer-interface/v1.0"


@pytest.fixture
def client():
    return CareCloudClient(base_url=BASE, max_retries=0, file_hosts=("cdn.example.net",))


@responses.activate
def test_a_file_from_carecloud_itself(client):
    url = "https://club.example.com//crm/scripts/generate_mobile_card.php?account=a&card=b"
    responses.get(url, body=b"\x89PNG\r\n\x1a\nrest", content_type="image/png")
    assert client.download(url, max_bytes=100) == (b"\x89PNG\r\n\x1a\nrest", "image/png")
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_a_file_from_an_allowed_cdn(client):
    responses.get("https://cdn.example.net/card.png", body=b"x", content_type="image/png")
    assert client.download("https://cdn.example.net/card.png", max_bytes=100)[0] == b"x"


@pytest.mark.parametrize("url", [
    "https://evil.example.org/card.png",
    "http://cdn.example.net/card.png",  # an allowed CDN over plain http
    "http://club.example.com/card.png",  # CareCloud's host, another scheme
    "file:///etc/passwd",
    "javascript:alert(1)",
    "",
])
def test_a_file_from_anywhere_else_is_refused_before_any_request(client, url):
    with responses.RequestsMock() as upstream:
        with pytest.raises(ServerError):
            client.download(url, max_bytes=100)
        assert len(upstream.calls) == 0


@responses.activate
def test_a_file_larger_than_allowed_is_refused(client):
    responses.get("https://club.example.com/big.png", body=b"x" * 101, content_type="image/png")
    with pytest.raises(ServerError, match="too large"):
        client.download("https://club.example.com/big.png", max_bytes=100)


@responses.activate
def test_a_missing_file_is_not_found(client):
    responses.get("https://club.example.com/gone.png", status=404, json={"error": {"title": "Not found"}})
    with pytest.raises(NotFoundError):
        client.download("https://club.example.com/gone.png", max_bytes=100)
