"""Reads for the loyalty pages: one selector per page, keyword-only, named ``<entity>_<action>``.

A selector calls the thin ``resources`` wrappers (one CareCloud operation each, never the same
operation twice per page), fetches only what its page shows, and returns plain data the template
renders: CareCloud's timestamps parsed into dates, codes paired with human labels, every optional
field of the spec allowed to be missing.

The customer's token and id come from the ``CustomerSession`` the view passes in, never from a URL.
Secondary panels (a dashboard tile, a label lookup) degrade to "not available" when their call
fails; a page's own data lets the error reach the middleware (login, 404 or 503 page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.session import CustomerSession, customer_auth
from portal.cards.selectors import shape_card
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud import exceptions as cc
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import (
    CONSENT_VALUES,
    GENDERS,
    Pagination,
    address_lines,
    https_url,
    localized,
    to_date,
    to_datetime,
    to_number,
)

from . import properties
from .shaping import shape_reward, voucher_page_url, with_progress

log = logging.getLogger(__name__)

VOUCHER_PAGE_SIZE = 12
REWARD_PAGE_SIZE = 12
DASHBOARD_REWARDS = 3

# The deprecated ``agreement`` structure, for projects that do not send ``consents`` yet: its three
# fields are the three consents every project has, known in GET /agreements by these text ids.
LEGACY_AGREEMENT_TEXT_IDS = {
    "gtc": "agreement_gtc",
    "profiling": "agreement_profiling",
    "marketing_communication": "agreement_marketing_communication",
}
LEGACY_AGREEMENTS = {
    "agreement_gtc": _("Processing of personal data"),
    "agreement_marketing_communication": _("Marketing communication"),
    "agreement_profiling": _("Profiling"),
}


class VoucherState:
    VALID = "valid"
    UPCOMING = "upcoming"
    APPLIED = "applied"
    EXPIRED = "expired"

    # The tabs of the vouchers page.
    CHOICES = {
        VALID: _("Valid"),
        UPCOMING: _("Upcoming"),
        APPLIED: _("Used"),
        EXPIRED: _("Expired"),
    }
    # One voucher's state, as its badge says it.
    LABELS = {
        VALID: pgettext_lazy("voucher state", "Valid"),
        UPCOMING: pgettext_lazy("voucher state", "Not valid yet"),
        APPLIED: pgettext_lazy("voucher state", "Used"),
        EXPIRED: pgettext_lazy("voucher state", "Expired"),
    }
    # (is_valid, is_applied) for getSubCustomerVouchers. The spec's is_valid=false means "before OR
    # after the validity range", so the upcoming and expired tabs share one query and are told apart
    # by the vouchers' own dates.
    FILTERS = {
        VALID: (True, False),
        UPCOMING: (False, False),
        APPLIED: (None, True),
        EXPIRED: (False, False),
    }

    @classmethod
    def clean(cls, value: Any) -> str:
        """The tab asked for in the query string; anything unknown is the first tab."""
        return value if value in cls.CHOICES else cls.VALID


# --- reads shared by the pages ---------------------------------------------------------------------


def _mine(auth: dict, name: str, fetch: Callable[[], Any]) -> Any:
    """A read of the customer's own rarely-changing data for the overview, cached briefly for this
    session until its next write (portal/carecloud/customer_cache.py)."""
    return customer_cache.cached(token=auth["token"], name=name, fetch=fetch)


# --- shaping records -------------------------------------------------------------------------------


def _voucher_state(voucher: dict, tab: str) -> str:
    """A voucher's own state from its dates (CareCloud's is_valid=false does not say whether it is
    expired or not valid yet); the tab it was asked for decides where the dates say nothing."""
    if tab == VoucherState.APPLIED or to_datetime(voucher.get("applied_date")):
        return VoucherState.APPLIED
    now = timezone.now()
    valid_from = to_datetime(voucher.get("valid_from"))
    valid_to = to_datetime(voucher.get("valid_to"))
    if valid_to and valid_to < now:
        return VoucherState.EXPIRED
    if valid_from and valid_from > now:
        return VoucherState.UPCOMING
    return VoucherState.VALID if tab == VoucherState.VALID else VoucherState.EXPIRED


def _voucher(voucher: dict, tab: str = VoucherState.VALID) -> dict:
    state = _voucher_state(voucher, tab)
    return {
        "voucher_id": voucher.get("voucher_id") or "",
        "detail_url": voucher_page_url(voucher.get("voucher_id")),
        "code": str(voucher.get("code") or ""),
        "value": to_number(voucher.get("value")),
        "valid_from": to_datetime(voucher.get("valid_from")),
        "valid_to": to_datetime(voucher.get("valid_to")),
        "applied_date": to_datetime(voucher.get("applied_date")),
        "note": voucher.get("note") or "",
        "reward": shape_reward(voucher.get("reward")),
        "state": state,
        "state_label": VoucherState.LABELS[state],
    }


# --- selectors -------------------------------------------------------------------------------------


def dashboard_for_customer(*, session: CustomerSession) -> dict:
    """Greeting, tier and progress, points and expiring points, the main card, the count of valid
    vouchers and a few rewards to aim for. The reads are independent, so they run at once."""
    auth = customer_auth(session)
    token = session.token
    reads = concurrently(
        customer=lambda: _mine(auth, "record", lambda: resources.customer_get(**auth)),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        expiration=lambda: optional("points expiration", lambda: resources.wallet_points_expiration(**auth)),
        cards=lambda: optional("cards", lambda: _mine(auth, "valid-cards", lambda: resources.customer_cards(
            **auth, is_valid=True, count=5))),
        vouchers=lambda: optional("vouchers", lambda: resources.customer_vouchers(
            **auth, is_valid=True, is_applied=False, count=1)),
        rewards=lambda: optional("rewards", lambda: resources.customer_rewards(
            **auth, is_valid=True, count=DASHBOARD_REWARDS)),
        card_types=lambda: optional("card types", lambda: reference.card_types(token=token)),
        tier=lambda: _tier(auth),
    )
    info = reads["customer"].get("personal_information") or {}
    points, expiration = reads["points"], reads["expiration"]
    cards_page, vouchers_page, rewards_page = reads["cards"], reads["vouchers"], reads["rewards"]
    balance = to_number((points or {}).get("available_points"))

    main_card = None
    if cards_page and cards_page.items:
        usable = [c for c in cards_page.items if c.get("state") == 1] or cards_page.items
        main_card = shape_card(usable[0], reference.names(reads["card_types"], "card_type_id"))

    return {
        "first_name": info.get("first_name") or "",
        "salutation": info.get("salutation") or "",
        "tier": reads["tier"],
        "points": balance,
        "points_available": points is not None,
        "expiring_amount": to_number((expiration or {}).get("next_amount")),
        "expiring_date": to_date((expiration or {}).get("next_date")),
        "main_card": main_card,
        "cards_available": cards_page is not None,
        "valid_vouchers": vouchers_page.total if vouchers_page is not None else None,
        "rewards": [with_progress(shape_reward(r), balance) for r in (rewards_page.items if rewards_page else [])],
        "rewards_available": rewards_page is not None,
    }


def _tier(auth: dict) -> dict | None:
    """The customer's current status and progress to the next one (getSubCustomerStatus +
    getStatuses for names and qualification points); None where the project has no statuses."""
    records = optional("status records", lambda: _mine(auth, "status-now", lambda: resources.customer_status_records(
        **auth, valid_now=True, count=5)))
    if not records or not records.items:
        return None
    record = next((r for r in records.items if r.get("state") == 1), records.items[0])
    statuses = optional("statuses", lambda: reference.statuses(token=auth["token"]))
    by_id = {str(s.get("status_id")): s for s in statuses or [] if isinstance(s, dict) and s.get("status_id")}
    current = by_id.get(str(record.get("status_id"))) or {}
    conditions = record.get("purchase_conditions") or {}
    next_id = conditions.get("next_status_id") or current.get("next_status") or ""
    following = by_id.get(str(next_id)) if next_id else None
    missing = to_number(conditions.get("next_status_points"))
    needed = to_number((following or {}).get("qualification_points"))
    progress = None
    if missing is not None and needed:
        progress = max(0, min(100, round((needed - missing) / needed * 100)))
    return {
        "name": current.get("name") or "",
        "description": current.get("description") or "",
        "valid_to": to_datetime(record.get("valid_to")),
        "next_name": (following or {}).get("name") or "",
        "next_points_missing": missing if following else None,
        "next_points_needed": needed,
        "progress": progress if following else None,
    }


def profile_for_customer(*, session: CustomerSession) -> dict:
    """The customer record with human labels for its codes (gender, consents, country, language,
    store), and the customer's interests and answers to the project's questions (secondary panels:
    None when they cannot be read). The reads are independent, so they run at once."""
    token = session.token
    auth = customer_auth(session)
    reads = concurrently(
        customer=lambda: resources.customer_get(**auth),
        interest_records=lambda: optional("interest records", lambda: resources.customer_interest_records(**auth)),
        interests=lambda: optional("interests", lambda: reference.interests(token=token)),
        property_records=lambda: optional("property records",
                                           lambda: resources.customer_property_records(**auth)),
        definitions=lambda: optional("customer properties", lambda: reference.customer_properties(token=token)),
    )
    customer = reads["customer"]
    info = customer.get("personal_information") or {}
    address = info.get("address") if isinstance(info.get("address"), dict) else {}

    country_code = str(address.get("country_code") or "")
    country_name = ""
    if country_code:
        countries = optional("countries", lambda: reference.countries(token=token))
        country_name = reference.names(countries, "country_id").get(country_code) or country_name

    store_id = str(info.get("store_id") or "")
    store_name = ""
    if store_id:
        stores = optional("stores", lambda: reference.stores(token=token))
        store_name = reference.names(stores, "store_id").get(store_id, "")

    language_id = str(info.get("language_id") or "")

    return {
        "customer_id": customer.get("customer_id") or "",
        "salutation": info.get("salutation") or "",
        "pre_nominals": info.get("pre_nominals") or "",
        "first_name": info.get("first_name") or "",
        "last_name": info.get("last_name") or "",
        "post_nominals": info.get("post_nominals") or "",
        "gender": GENDERS.get(info.get("gender"), "") if isinstance(info.get("gender"), int) else "",
        "birthdate": to_date(info.get("birthdate")),
        "email": info.get("email") or "",
        # CareCloud's phone numbers are digits with the country prefix (420...); the template adds
        # the "+", so one a project stores with it must not get two.
        "phone": str(info.get("phone") or "").strip().lstrip("+").strip(),
        "photo_url": https_url(info.get("photo_url")),
        "address_lines": address_lines(address),
        "country_code": country_code,
        "country_name": country_name,
        "language_id": language_id,
        "language_name": language_name(language_id) if language_id else "",
        "store_name": store_name,
        "consents": _consents(info, token),
        "interests": _interest_names(reads["interest_records"], reads["interests"]),
        "properties": _property_answers(reads["property_records"], reads["definitions"]),
    }


def language_name(code: str) -> str:
    """A language's name in the active language ("" for a code Django does not know)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return ""


def _interest_names(records: list[dict] | None, interests: list[dict] | None) -> list[str] | None:
    """Names of the customer's interests in the project's order (None when unknown)."""
    if records is None or interests is None:
        return None
    chosen = {str(r.get("interest_id")) for r in records if isinstance(r, dict)}
    return [localized(i.get("name")) for i in interests
            if isinstance(i, dict) and str(i.get("interest_id")) in chosen and i.get("name")]


def _property_answers(records: list[dict] | None, raw_definitions: list[dict] | None) -> list[dict] | None:
    """The customer's answers (name and value as text) in the project's order of the questions
    (None when unknown)."""
    if records is None or raw_definitions is None:
        return None
    by_property = properties.records_by_property(records)
    answers = []
    for definition in properties.definitions(raw_definitions):
        record = by_property.get(definition.property_id)
        value = properties.display(definition, record.get("property_value")) if record else ""
        if value:
            answers.append({"name": definition.name, "value": value})
    return answers


# --- the profile's forms: what each needs to be drawn (choices) and the customer's current data --------


def _profile_option_reads(token: str) -> dict:
    return {
        "languages": lambda: reference.languages(),
        "countries": lambda: reference.countries(token=token),
        "stores": lambda: reference.stores(token=token),
        "consents": lambda: reference.consents(token=token),
    }


def profile_form_options(*, session: CustomerSession) -> dict:
    """The choices of the profile form (cached reference data, read at once): the languages the
    project writes to customers in, countries, stores and consents."""
    return concurrently(**_profile_option_reads(session.token))


def profile_form_data(*, session: CustomerSession) -> dict:
    """The profile form's choices and the customer record as CareCloud has it now (PUT sends it
    back whole)."""
    auth = customer_auth(session)
    return concurrently(**_profile_option_reads(session.token), customer=lambda: resources.customer_get(**auth))


def interests_form_options(*, session: CustomerSession) -> dict:
    """Every interest a customer can choose."""
    return {"interests": reference.interests(token=session.token)}


def interests_form_data(*, session: CustomerSession) -> dict:
    """Every interest, and the customer's interest records now."""
    auth = customer_auth(session)
    return concurrently(interests=lambda: reference.interests(token=session.token),
                        records=lambda: resources.customer_interest_records(**auth))


def properties_form_options(*, session: CustomerSession) -> dict:
    """The project's customer properties (the questions)."""
    return {"definitions": properties.definitions(reference.customer_properties(token=session.token))}


def properties_form_data(*, session: CustomerSession) -> dict:
    """The project's customer properties and the customer's property records now."""
    auth = customer_auth(session)
    reads = concurrently(definitions=lambda: reference.customer_properties(token=session.token),
                         records=lambda: resources.customer_property_records(**auth))
    return {"definitions": properties.definitions(reads["definitions"]), "records": reads["records"]}


def _consents(info: dict, token: str) -> list[dict]:
    consents = [c for c in (info.get("consents") or []) if isinstance(c, dict) and c.get("consent_id")]
    if consents:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        return [{
            "name": names.get(str(c["consent_id"])) or _("Consent"),
            "value": c.get("consent_value"),
            "label": CONSENT_VALUES.get(c.get("consent_value"), CONSENT_VALUES[2]),
            "last_change": to_datetime(c.get("last_change")),
        } for c in consents]
    agreement = info.get("agreement") if isinstance(info.get("agreement"), dict) else {}
    rows = [{"name": label, "value": agreement.get(key), "label": CONSENT_VALUES.get(agreement.get(key),
                                                                                       CONSENT_VALUES[2]),
             "last_change": None} for key, label in LEGACY_AGREEMENTS.items() if key in agreement]
    custom = [c for c in (agreement.get("custom_agreements") or []) if isinstance(c, dict)]
    if custom:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        rows += [{"name": names.get(str(c.get("agreement_id"))) or _("Consent"), "value": c.get("agreement_value"),
                  "label": CONSENT_VALUES.get(c.get("agreement_value"), CONSENT_VALUES[2]), "last_change": None}
                 for c in custom]
    return rows


def consent_values(info: dict, consents: list[dict] | None) -> dict[str, int]:
    """The customer's answer to each consent by consent id: from ``consents``, or for a record that
    has only the deprecated ``agreement``, from its three fields (by the consents' text ids) and
    its custom agreements. A consent never answered is missing."""
    values = {str(c["consent_id"]): c.get("consent_value") for c in info.get("consents") or []
              if isinstance(c, dict) and c.get("consent_id")}
    agreement = info.get("agreement")
    if values or not isinstance(agreement, dict):
        return values
    for consent in consents or []:
        field = LEGACY_AGREEMENT_TEXT_IDS.get(str(consent.get("text_id") or "")) if isinstance(consent, dict) else None
        if field and field in agreement and consent.get("agreement_id"):
            values[str(consent["agreement_id"])] = agreement[field]
    values.update({str(a["agreement_id"]): a.get("agreement_value") for a in agreement.get("custom_agreements") or []
                   if isinstance(a, dict) and a.get("agreement_id")})
    return values


def vouchers_for_customer(*, session: CustomerSession, state: str, page: int = 1) -> dict:
    """One page of the customer's vouchers in one state (valid / upcoming / applied / expired).

    Valid and used vouchers are paged by CareCloud. Upcoming and expired ones come from the same
    query (is_valid=false), read whole and told apart by their dates, then paged here. A voucher's
    reward links to the reward's page only while the reward is offered to the customer (that page
    shows nothing else)."""
    state = VoucherState.clean(state)
    auth = customer_auth(session)
    is_valid, is_applied = VoucherState.FILTERS[state]
    pagination = Pagination(number=page, size=VOUCHER_PAGE_SIZE, total=0)
    if state in (VoucherState.UPCOMING, VoucherState.EXPIRED):
        every = [_voucher(v, state) for v in resources.customer_vouchers_every(
            **auth, is_valid=is_valid, is_applied=is_applied) if isinstance(v, dict)]
        matching = [v for v in every if v["state"] == state]
        vouchers = matching[pagination.offset:pagination.offset + pagination.size]
        total = len(matching)
    else:
        result = resources.customer_vouchers(**auth, is_valid=is_valid, is_applied=is_applied,
                                             count=pagination.size, offset=pagination.offset)
        vouchers = [_voucher(v, state) for v in result.items if isinstance(v, dict)]
        total = result.total
    if any(v["reward"] and v["reward"]["detail_url"] for v in vouchers):
        offered = _offered_reward_ids(session)
        for voucher in vouchers:
            if voucher["reward"] and voucher["reward"]["reward_id"] not in offered:
                voucher["reward"]["detail_url"] = ""
    return {
        "state": state,
        "vouchers": vouchers,
        "pagination": Pagination(number=page, size=pagination.size, total=total),
    }


def _offered_reward_ids(session: CustomerSession) -> set[str]:
    """Ids of the rewards offered to the customer now (getSubCustomerRewards, every page): the only
    ones the portal shows a page of. Empty when the list cannot be read."""
    auth = customer_auth(session)
    rewards = optional("offered rewards", lambda: resources.customer_rewards_every(**auth, is_valid=True), [])
    return {str(r.get("reward_id")) for r in rewards if isinstance(r, dict) and r.get("reward_id")}


def rewards_for_customer(*, session: CustomerSession, page: int = 1) -> dict:
    """One page of the rewards offered to the customer now, with the balance to compare costs."""
    auth = customer_auth(session)
    pagination = Pagination(number=page, size=REWARD_PAGE_SIZE, total=0)
    reads = concurrently(
        rewards=lambda: resources.customer_rewards(**auth, is_valid=True, count=pagination.size,
                                                   offset=pagination.offset),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
    )
    result, points = reads["rewards"], reads["points"]
    balance = to_number((points or {}).get("available_points"))
    return {
        "rewards": [with_progress(shape_reward(r), balance) for r in result.items if isinstance(r, dict)],
        "points": balance,
        "pagination": Pagination(number=page, size=pagination.size, total=result.total),
    }


def reward_detail(*, session: CustomerSession, reward_id: str) -> dict:
    """One reward offered to the customer now (NotFoundError otherwise).

    getReward is only "a specific reward" of the project: a real CareCloud may answer for a
    reward that is inactive, expired or meant for someone else. So the reward must first be among
    the customer's own valid rewards (getSubCustomerRewards, every page; it has no reward_id
    filter); getReward then gives its full record (with the stores)."""
    return _offered_reward(customer_auth(session), reward_id)


def _offered_reward(auth: dict, reward_id: str) -> dict:
    """reward_detail with plain values (``token``, ``customer_id``), so it can run beside other reads."""
    offered = resources.customer_rewards_every(**auth, is_valid=True)
    if not any(isinstance(r, dict) and str(r.get("reward_id") or "") == reward_id for r in offered):
        raise cc.NotFoundError(404, title="Reward not offered to this customer")
    record = resources.reward_get(token=auth["token"], reward_id=reward_id)
    if not isinstance(record, dict) or not record or str(record.get("reward_id") or reward_id) != reward_id:
        raise cc.NotFoundError(404, title="Reward without data")
    return shape_reward({**record, "reward_id": reward_id})


class OfferState:
    """What the customer can do with a reward offered to them (the redeem confirmation's states)."""

    READY = "ready"  # redeemable and the balance covers its cost
    NOT_ENOUGH = "not_enough"  # the balance is lower than its cost
    BALANCE_UNKNOWN = "balance_unknown"  # redeemable, but the balance could not be read: CareCloud decides
    NOT_REDEEMABLE = "not_redeemable"  # not a reward for points (applied at the till, a gift, ...)


def reward_offer(*, session: CustomerSession, reward_id: str) -> dict:
    """A reward offered to the customer (NotFoundError otherwise, as reward_detail) with what
    exchanging points for it would do: the balance now and after, the points still missing, and
    its :class:`OfferState`. The balance is read beside the reward; when it cannot be read the
    page still works and says so."""
    auth = customer_auth(session)
    reads = concurrently(
        reward=lambda: _offered_reward(auth, reward_id),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
    )
    return _offer(reads["reward"], to_number((reads["points"] or {}).get("available_points")))


def _offer(reward: dict, balance: int | float | None) -> dict:
    """The offer of a reward (as ``_reward`` shapes it) to a customer with ``balance`` points."""
    cost = reward["points_cost"]
    if not reward["redeem_url"]:
        state = OfferState.NOT_REDEEMABLE
    elif balance is None:
        state = OfferState.BALANCE_UNKNOWN
    elif balance < cost:
        state = OfferState.NOT_ENOUGH
    else:
        state = OfferState.READY
    return {
        "reward": reward,
        "cost": cost,
        "balance": balance,
        "balance_after": to_number(balance - cost) if balance is not None and cost else None,
        "missing": to_number(cost - balance) if state == OfferState.NOT_ENOUGH else None,
        "state": state,
    }


def voucher_detail(*, session: CustomerSession, voucher_id: str) -> dict:
    """One of the customer's own vouchers (getVoucher), with the balance now (NotFoundError for
    an unknown voucher or anyone else's: a real CareCloud may answer getVoucher for any voucher of
    the project, so its ``customer_id`` must be the session's). Its reward links to the reward's
    page only while the reward is offered to the customer."""
    auth = customer_auth(session)
    reads = concurrently(
        voucher=lambda: resources.voucher_get(token=auth["token"], voucher_id=voucher_id),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        offered=lambda: optional("offered rewards", lambda: resources.customer_rewards_every(
            **auth, is_valid=True), []),
    )
    record = reads["voucher"]
    if (not isinstance(record, dict) or str(record.get("customer_id") or "") != str(auth["customer_id"])
            or str(record.get("voucher_id") or voucher_id) != voucher_id or record.get("state") == 0):
        raise cc.NotFoundError(404, title="Not a voucher of this customer")
    voucher = _voucher({**record, "voucher_id": voucher_id})
    offered = {str(r.get("reward_id")) for r in reads["offered"] if isinstance(r, dict) and r.get("reward_id")}
    if voucher["reward"] and voucher["reward"]["reward_id"] not in offered:
        voucher["reward"]["detail_url"] = ""
    return {
        "voucher": voucher,
        "points": to_number((reads["points"] or {}).get("available_points")),
    }


