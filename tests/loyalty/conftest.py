"""Helpers of the profile form tests: the sandbox's view of what the portal did."""

from http import HTTPStatus
from unittest import mock

import pytest

from portal.carecloud import client as carecloud_client
from portal.core.forms import FAILURE_MESSAGES


@pytest.fixture
def calls(sandbox):
    """``calls()``: the CareCloud operations (operationId, status) the sandbox answered since the
    fixture was set up; ``calls.mark()`` starts again from now."""

    class Calls:
        def __init__(self):
            self.mark()

        def mark(self):
            self.since = sandbox.last_seq()

        def __call__(self, *operation_ids: str) -> list[tuple[str, int]]:
            found = [(entry["operation_id"], entry["status"]) for entry in sandbox.requests_log(self.since)
                     if entry["operation_id"]]
            return [call for call in found if not operation_ids or call[0] in operation_ids]

    return Calls()


@pytest.fixture
def fail_next_write(sandbox):
    """``fail_next_write(503)``: the sandbox answers the portal's next write (POST, PUT, DELETE)
    with that status, through its fault knob, armed just before the write goes out (the reads
    before it succeed). Returns a list the writes' methods are appended to."""
    real = carecloud_client.CareCloudClient.request
    writes: list[str] = []
    armed = {"status": 0}

    def request(self, method, path, **kwargs):
        if method.upper() != "GET":
            writes.append(method.upper())
            if armed["status"]:
                sandbox.set_faults(force_status=armed["status"], force_count=1)
                armed["status"] = 0
        return real(self, method, path, **kwargs)

    def arm(status: int = 503) -> list[str]:
        armed["status"] = status
        return writes

    with mock.patch.object(carecloud_client.CareCloudClient, "request", request):
        yield arm
    sandbox.clear_faults()


@pytest.fixture
def post_while_carecloud_is_down(sandbox):
    """``post_while_carecloud_is_down(client, url, data)``: the form posted while every CareCloud
    call answers 503; the answer is checked to be the form again saying CareCloud is not
    responding (503), and returned."""

    def post(client, url, data):
        sandbox.set_faults(force_status=503, retry_after=0)
        try:
            response = client.post(url, data)
        finally:
            sandbox.clear_faults()
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert str(FAILURE_MESSAGES["unavailable"]) in response.content.decode()
        return response

    return post
