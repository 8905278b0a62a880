"""The data export's views, called directly (no sandbox): the printable export's and the JSON
file's answers when they cannot start, and what the "Your data" page lists."""

from http import HTTPStatus

import pytest

from portal.carecloud import exceptions as cc
from portal.core import ratelimit
from portal.mydata import selectors, views
from tests.support.views import view_for


class UnreadableExport:
    """A data export whose first read (the reference names) fails."""

    cancelled = False

    def reference(self):
        raise selectors.ExportIncomplete("reference", cc.ServerError(500))

    def cancel(self):
        self.cancelled = True


@pytest.mark.parametrize("refused, status, message", [
    (None, HTTPStatus.SERVICE_UNAVAILABLE, views.EXPORT_ERRORS["failed"]),
    ("export:ip", HTTPStatus.TOO_MANY_REQUESTS, views.EXPORT_ERRORS["too_many"]),
])
def test_the_printable_export_that_cannot_start_is_the_my_data_page_with_a_message(
        request_for, monkeypatch, refused, status, message):
    started = []

    def start(*, session):
        started.append(UnreadableExport())
        return started[-1]

    monkeypatch.setattr(ratelimit, "refused", lambda request, action: refused if action == "export" else None)
    monkeypatch.setattr(selectors, "data_export_start", start)
    request = request_for("/en/profile/my-data/print/")
    response = view_for(views.MyDataPrintView, request).get(request)
    assert (response.status_code, response.template_name, response.context_data["export_message"]) == (
        status, ["mydata/my_data.html"], message)
    assert [export.cancelled for export in started] == ([True] if refused is None else [])


def test_the_my_data_page_lists_the_exports_sections(request_for):
    context = view_for(views.MyDataView, request_for("/en/profile/my-data/")).get_context_data()
    assert context["sections"] == selectors.SECTIONS and len(context["sections"]) > 1


@pytest.mark.parametrize("refused, status, message", [
    (None, HTTPStatus.SERVICE_UNAVAILABLE, views.EXPORT_ERRORS["failed"]),
    ("export:customer", HTTPStatus.TOO_MANY_REQUESTS, views.EXPORT_ERRORS["too_many"]),
])
def test_a_download_that_cannot_be_made_is_the_my_data_page_with_a_message_and_no_file(
        request_for, monkeypatch, refused, status, message):
    asked = []

    def document(*, session):
        asked.append(session)
        raise selectors.ExportIncomplete("cards", cc.ServerError(500))

    monkeypatch.setattr(ratelimit, "refused", lambda request, action: refused if action == "export" else None)
    monkeypatch.setattr(selectors, "data_export_document", document)
    request = request_for("/en/profile/data/download/", {})
    response = view_for(views.MyDataDownloadView, request).post(request)
    assert (response.status_code, response.template_name, response.context_data["export_message"]) == (
        status, ["mydata/my_data.html"], message)
    assert not response.has_header("Content-Disposition")
    assert len(asked) == (0 if refused else 1)  # a refused download does not even start the export
