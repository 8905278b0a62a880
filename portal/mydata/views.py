"""The data export's pages: what "Download my data" contains, the JSON file (a POST) and the
printable page; each calls the export's reads (selectors.py) and renders."""

import json
import logging
from http import HTTPStatus
from itertools import chain

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView
from portal.core import ratelimit

from . import readable, selectors

log = logging.getLogger(__name__)

EXPORT_ERRORS = {
    "too_many": _("You have exported your data several times in a short while. Please try again in an hour."),
    "failed": _("We could not read all of your data just now, so nothing was downloaded. "
                "Please try again in a few minutes."),
}
# Where the printable export's sections go into its page (templates/mydata/my_data_print.html).
EXPORT_SECTIONS_MARKER = "<!-- portal:export-sections -->"


class MyDataView(CustomerPageView):
    """What "Download my data" contains, and the two ways to get it."""

    template_name = "mydata/my_data.html"
    page_title = _("Your data")
    active_tab = "profile"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=selectors.SECTIONS, **kwargs)

    def failed(self, message, status):
        response = self.render_to_response(self.get_context_data(export_message=message))
        response.status_code = status
        return response


class MyDataDownloadView(MyDataView):
    """The JSON file, assembled whole before its first byte (selectors.py): a failure is this page
    with a message, never a partial file."""

    http_method_names = ["post"]
    # Not in a staff preview (PreviewMiddleware): the whole export, and one of the customer's exports.
    preview_refused = _("The data export is the customer's own copy of all their data, and each one counts "
                        "against the exports they may make: a preview neither takes one nor uses one up.")

    def post(self, request):
        if ratelimit.refused(request, "export"):
            return self.failed(EXPORT_ERRORS["too_many"], HTTPStatus.TOO_MANY_REQUESTS)
        try:
            document = selectors.data_export_document(session=request.customer)
        except selectors.ExportIncomplete as error:
            log.warning("Data export failed at %s: %s", error.section, error.cause or "cut at a ceiling")
            return self.failed(EXPORT_ERRORS["failed"], HTTPStatus.SERVICE_UNAVAILABLE)
        chunks = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document)
        response = StreamingHttpResponse((chunk.encode() for chunk in chunks),
                                         content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = content_disposition_header(True, f"my-data-{stamp}.json")
        return response


class MyDataPrintView(MyDataView):
    """The readable page, streamed section by section as the reads come in (its progress); if a
    read fails, the page says where it stopped instead of its closing "complete" line."""

    template_name = "mydata/my_data_print.html"
    page_title = _("Your data")
    # Not in a staff preview (PreviewMiddleware): the whole export, and one of the customer's exports.
    preview_refused = _("The data export is the customer's own copy of all their data, and each one counts "
                        "against the exports they may make: a preview neither takes one nor uses one up.")

    def get(self, request, *args, **kwargs):
        if ratelimit.refused(request, "export"):
            self.template_name = MyDataView.template_name
            return self.failed(EXPORT_ERRORS["too_many"], HTTPStatus.TOO_MANY_REQUESTS)
        data_export = selectors.data_export_start(session=request.customer)
        try:
            names = data_export.reference()  # names for the sections; the first wait
        except selectors.ExportIncomplete as error:
            data_export.cancel()
            log.warning("Data export failed at %s: %s", error.section, error.cause)
            self.template_name = MyDataView.template_name
            return self.failed(EXPORT_ERRORS["failed"], HTTPStatus.SERVICE_UNAVAILABLE)
        page = self.render_to_response(self.get_context_data()).render().content.decode()
        head, tail = page.split(EXPORT_SECTIONS_MARKER, 1)
        sections = readable.printable_sections(data_export=data_export, names=names,
                                               language=translation.get_language())
        return StreamingHttpResponse(chain([head], sections, [tail]), content_type="text/html; charset=utf-8")
