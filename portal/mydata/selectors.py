"""The customer's data export ("Download my data", GDPR access and portability): its reads.

Everything the portal can read about the customer from CareCloud, each list read whole within the
export's own ceilings (``PORTAL_EXPORT_MAX_PAGES`` / ``_ITEMS``, far above a page's: an export must
be complete, yet an upstream whose paging never ends must not hold a worker). The reads run at once
on a small pool of their own, so exports never queue the page views' reads.

Two products, one rule: nothing incomplete is ever passed off as complete.

* The JSON file (:func:`data_export_document`) is assembled whole before its first byte is sent:
  a failed read, or a list cut at a ceiling, raises ``ExportIncomplete`` and no file goes out.
* The printable page streams section by section as the reads come in (that is its progress, and
  it needs no script): :meth:`DataExport.sections` yields each section in order and raises
  ``ExportIncomplete`` at the first that failed, and the page then says, in place of its closing
  "complete" line, that it stopped and is incomplete.

The keys of the JSON file are documented in docs/data-export.md; its records are CareCloud's own,
as the vendor's API reference describes them. The printable page's sections: readable.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession
from portal.carecloud import budget, reference, resources
from portal.carecloud import exceptions as cc
from portal.core import theme

FORMAT = "carecloud-portal-export"
FORMAT_VERSION = 1

# The sections, in the order of the file and the page: key, title.
SECTIONS = [
    ("customer", _("Profile")),
    ("addresses", _("Other addresses")),
    ("consents", _("Consents")),
    ("cards", _("Cards")),
    ("status_records", _("Membership levels")),
    ("points", _("Points")),
    ("point_history", _("Point history")),
    ("credits", _("Credits")),
    ("credit_history", _("Credit history")),
    ("vouchers", _("Vouchers")),
    ("rewards", _("Rewards offered to you")),
    ("interests", _("Interests")),
    ("properties", _("Additional details")),
    ("stamp_cards", _("Stamp cards")),
    ("messages", _("Messages")),
    ("purchases", _("Purchases")),
]

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="carecloud-export")


class ExportIncomplete(Exception):
    """A section could not be read whole: ``cause`` is the CareCloud error, or None for a list
    cut at a ceiling."""

    def __init__(self, section: str, cause: cc.CareCloudError | None = None):
        self.section = section
        self.cause = cause
        super().__init__(f"export section {section}: {cause or 'cut at a ceiling'}")


@dataclass
class DataExport:
    """The reads of one export, started at once; their results are taken in order."""

    session_customer_id: str
    started: Any
    futures: dict[str, Future]
    cut: dict[str, str] = field(default_factory=dict)

    def result(self, key: str) -> Any:
        if key == "consents":  # part of the customer record, given a section of its own
            return _consents(self.result("customer"))
        try:
            value = self.futures[key].result()
        except cc.AuthenticationError:
            raise  # the session is over: the caller sends the customer to log in
        except cc.CareCloudError as error:
            raise ExportIncomplete(key, error) from error
        if key in self.cut:
            raise ExportIncomplete(key)
        return value

    def sections(self) -> Iterator[tuple[str, Any]]:
        """``(key, value)`` of each section in order, as soon as it is read."""
        for key, _title in SECTIONS:
            yield key, self.result(key)

    def reference(self) -> dict:
        return self.result("reference")

    def cancel(self) -> None:
        for future in self.futures.values():
            future.cancel()


def _bounds(cut: dict[str, str], key: str) -> dict:
    lock = threading.Lock()

    def on_cut(reason: str) -> None:
        with lock:
            cut.setdefault(key, reason)

    return {"max_pages": settings.PORTAL_EXPORT_MAX_PAGES, "max_items": settings.PORTAL_EXPORT_MAX_ITEMS,
            "on_cut": on_cut}


def _consents(customer: dict) -> list[dict]:
    info = customer.get("personal_information") if isinstance(customer, dict) else None
    info = info if isinstance(info, dict) else {}
    consents = info.get("consents")
    if isinstance(consents, list) and consents:
        return consents
    agreement = info.get("agreement")  # the deprecated structure of older projects
    return [agreement] if isinstance(agreement, dict) and agreement else []


def _reference(token: str) -> dict:
    def names(items, id_field):
        return reference.names(items, id_field)

    return {
        "stores": names(reference.stores(token=token), "store_id"),
        "card_types": names(reference.card_types(token=token), "card_type_id"),
        "statuses": names(reference.statuses(token=token), "status_id"),
        "consents": names(reference.consents(token=token), "agreement_id"),
        "interests": names(reference.interests(token=token), "interest_id"),
        "credit_types": names(reference.credit_types(token=token), "credit_type_id"),
        "address_types": names(resources.customer_address_types_every(token=token), "address_type_id"),
        "stamper_campaigns": names(resources.stamper_campaigns_every(token=token), "stamper_campaign_id"),
    }


def data_export_start(*, session: CustomerSession) -> DataExport:
    """Start every read of the customer's export at once (on the export pool, in the caller's
    language); the returned DataExport hands the results out in order."""
    token, customer_id = session.token, session.customer_id
    auth = {"token": token, "customer_id": customer_id}
    cut: dict[str, str] = {}
    reads: dict[str, Callable[[], Any]] = {
        "customer": lambda: resources.customer_get(**auth) or {},
        "addresses": lambda: resources.customer_addresses_every(**auth, **_bounds(cut, "addresses")),
        "cards": lambda: resources.customer_cards_every(**auth, **_bounds(cut, "cards")),
        "status_records": lambda: resources.customer_status_records_every(**auth, **_bounds(cut, "status_records")),
        "points": lambda: {"overview": resources.wallet_points(**auth),
                           "expiration": resources.wallet_points_expiration(**auth)},
        "point_history": lambda: resources.point_history_every(**auth, **_bounds(cut, "point_history")),
        "credits": lambda: resources.credits_every(**auth, **_bounds(cut, "credits")),
        "credit_history": lambda: resources.credit_history_every(**auth, **_bounds(cut, "credit_history")),
        "vouchers": lambda: resources.customer_vouchers_every(**auth, **_bounds(cut, "vouchers")),
        "rewards": lambda: resources.customer_rewards_every(**auth, **_bounds(cut, "rewards")),
        "interests": lambda: resources.customer_interest_records(**auth, **_bounds(cut, "interests")),
        "properties": lambda: resources.customer_property_records(**auth, **_bounds(cut, "properties")),
        "stamp_cards": lambda: resources.stamper_cards_every(**auth, **_bounds(cut, "stamp_cards")),
        "messages": lambda: resources.messages_every(**auth, **_bounds(cut, "messages")),
        "purchases": lambda: resources.customer_purchases_every(**auth, with_items=True,
                                                                **_bounds(cut, "purchases")),
        "reference": lambda: _reference(token),
    }
    language = translation.get_language()
    # All the export's reads share one time budget of their own (an export reads far more than a
    # page, so not the page's): a CareCloud that hangs cannot hold the page, or the pool, longer.
    deadline = time.monotonic() + settings.PORTAL_EXPORT_BUDGET

    def in_language(read: Callable[[], Any]) -> Callable[[], Any]:
        def run():
            left = deadline - time.monotonic()
            with translation.override(language), budget.budget(max(left, 0.001)):  # (0 would mean none)
                return read()
        return run

    futures = {key: _POOL.submit(in_language(read)) for key, read in reads.items()}
    return DataExport(session_customer_id=customer_id, started=timezone.localtime(), futures=futures, cut=cut)


def data_export_document(*, session: CustomerSession) -> dict:
    """The whole export as one JSON-ready document (ExportIncomplete if any part is missing)."""
    export = data_export_start(session=session)
    try:
        sections = dict(export.sections())
        names = export.reference()
    except BaseException:
        export.cancel()
        raise
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": export.started.isoformat(timespec="seconds"),
        "language": translation.get_language(),
        "programme": theme.brand_name(),
        "customer_id": export.session_customer_id,
        **sections,
        "reference": names,
        "complete": True,
    }
