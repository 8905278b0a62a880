"""Loyalty: cards, card types, digital card files, rewards and vouchers.

getCards, getSubCustomerCards, getCardTypes, postAssignCard, postGenerateDigitalCard, getRewards, getReward,
getSubCustomerRewards, postRewardCreateVoucher, getSubCustomerVouchers, getVoucher.

Ownership on the customer interface: a token logged in as a customer sees only that customer's
cards and vouchers (another customer's ``/customers/{id}/...`` path is a 403, through
``Call.customer_scope``). A reward targeted at particular customers (``Reward.customer_ids``) is
visible only to them; other customer tokens get a 404 for it, as if it did not exist.
"""

import io
from datetime import datetime, time, timedelta

import barcode
import segno
from barcode.writer import ImageWriter
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import api, errors, wallet
from ..api import CUSTOMER_LOGIN, operation
from ..models import Card, CardType, Customer, DigitalCardFile, Reward, Store, Voucher
from ..models.loyalty import validity_q
from ..models.points import spend_points
from .reference import serialize_store

REWARD_GROUPS = tuple(Reward.Group.values)
# "Only Coupons & Catalogue reward or Simple reward can be used here." (postRewardCreateVoucher)
VOUCHER_REWARD_GROUPS = (Reward.Group.CATALOG, Reward.Group.SIMPLE)
FILE_TYPES = ("png", "wallet", "qr-png")
FILE_EXTENSIONS = {"png": "png", "qr-png": "png", "wallet": "pkpass"}

GENERATE_DIGITAL_CARD = {
    "type": "object",
    "required": ["card_id", "file_type"],
    "properties": {
        "card_id": {"type": "string", "minLength": 1},
        "file_type": {"type": "string", "enum": list(FILE_TYPES)},
    },
}
CREATE_VOUCHER = {
    "type": "object",
    "required": ["customer_id"],
    "properties": {
        "customer_id": {"type": "string", "minLength": 1},
        "code": {"type": "string", "minLength": 1, "maxLength": 64},
        "note": {"type": "string", "maxLength": 500},
    },
}


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- cards ---------------------------------------------------------------------------------------


def serialize_card(card: Card) -> dict:
    return api.compact({
        "card_id": card.pk,
        "customer_id": card.customer_id or None,
        "card_type_id": card.card_type_id,
        "card_number": card.card_number,
        "secondary_card_number": card.secondary_card_number or None,
        "valid_from": api.fmt_ts(card.valid_from),
        "valid_to": api.fmt_ts(card.valid_to),
        "store_id": card.store_id or None,
        "last_change": api.fmt_ts(card.last_change),
        "state": card.state,
    })


def _filter_cards(call: api.Call, cards, *, secondary: bool = False):
    """The filters getCards and getSubCustomerCards share."""
    number = call.q_str("card_number")
    numbers = call.q_list("card_number_list")
    card_type_id = call.q_str("card_type_id")
    is_valid = call.q_bool("is_valid")
    call.check()
    field = "secondary_card_number" if secondary else "card_number"
    if number is not None:
        cards = cards.filter(**{field: number})
    if numbers:
        cards = cards.filter(**{f"{field}__in": numbers})
    if card_type_id is not None:
        cards = cards.filter(card_type_id=card_type_id)
    if is_valid is not None:
        cards = cards.filter(validity_q(is_valid))
    return cards


@operation("getCards", "GET", "/cards", auth=CUSTOMER_LOGIN)
def get_cards(call: api.Call):
    """A customer token lists its own cards (a ``customer_id`` filter naming anyone else is a 403)."""
    customer_id = call.q_str("customer_id")
    if customer_id is not None:
        call.customer_scope(customer_id)
    elif not call.is_enterprise:
        customer_id = call.customer.pk
    state = call.q_int("state", choices=tuple(Card.State.values))
    secondary = call.q_bool("search_secondary_card_number", False)
    cards = _filter_cards(call, Card.objects.all(), secondary=secondary)
    if customer_id is not None:
        cards = cards.filter(customer_id=customer_id)
    if state is not None:
        cards = cards.filter(state=state)
    return call.page("cards", [serialize_card(card) for card in cards])


@operation("getSubCustomerCards", "GET", "/customers/{customer_id}/cards", auth=CUSTOMER_LOGIN)
def get_customer_cards(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    cards = _filter_cards(call, Card.objects.filter(customer_id=customer.pk))
    return call.page("cards", [serialize_card(card) for card in cards])


def serialize_card_type(card_type: CardType, call: api.Call) -> dict:
    return {
        "card_type_id": card_type.pk,
        "text_id": card_type.text_id,
        "name": call.tr(card_type.name) or card_type.text_id,
        "prefix": card_type.prefix,
    }


@operation("getCardTypes", "GET", "/card-types")
def get_card_types(call: api.Call):
    name = call.q_str("name")
    text_ids = call.q_list("text_id")
    call.check()
    card_types = CardType.objects.all()
    if text_ids:
        card_types = card_types.filter(text_id__in=text_ids)
    rows = [serialize_card_type(t, call) for t in card_types if name is None or api.text_contains(t.name, name)]
    return call.page("card_types", rows)


# --- free cards ----------------------------------------------------------------------------------

ASSIGN_FREE_CARD = {
    "type": "object",
    "required": ["card_type_id", "customer_id"],
    "properties": {
        "card_type_id": {"type": "string", "minLength": 1},
        "customer_id": {"type": "string", "minLength": 1},
        "card_number": {"type": "string", "minLength": 1},
    },
}


@operation("postAssignCard", "POST", "/cards/actions/assign-free-card", auth=CUSTOMER_LOGIN, body=ASSIGN_FREE_CARD)
def post_assign_free_card(call: api.Call):
    """A free card (one of the pool: no holder, active) of the card type to the customer: the one
    ``card_number`` names (a plastic card the customer holds), or without it the pool's next one (a
    digital card). Limited to one card per card type per customer. A customer token assigns only
    to its own customer (403 otherwise); the enterprise interface to any.

    Refusals (400, on the field they concern): an unknown card type, a customer who already has a
    card of the type, an unknown number, a number of another type, a card someone holds, a blocked
    card, an empty pool."""
    body = call.body
    customer = call.customer_scope(body["customer_id"])
    card_type = CardType.objects.filter(pk=body["card_type_id"]).first()
    if card_type is None:
        raise errors.invalid("card_type_id", errors.NOT_FOUND, body["card_type_id"], "Unknown card type.")
    if Card.objects.filter(customer_id=customer.pk, card_type_id=card_type.pk).exists():
        raise errors.invalid("card_type_id", errors.RELATION_ALREADY_EXISTS, card_type.pk,
                             "The customer already has a card of this card type.")
    number = body.get("card_number")
    with transaction.atomic():
        if number is not None:
            card = Card.objects.filter(card_number=number.strip()).first()
            if card is None:
                raise errors.invalid("card_number", errors.NOT_FOUND, number, "Unknown card.")
            if card.card_type_id != card_type.pk:
                raise errors.invalid("card_number", errors.NOT_ALLOWED_VALUE, number,
                                     "The card is not of the given card type.")
            if card.customer_id:
                raise errors.invalid("card_number", errors.ALREADY_EXISTS, number, "The card is not free.")
            if card.state != Card.State.ACTIVE:
                raise errors.invalid("card_number", errors.NOT_ALLOWED_VALUE, number, "The card is blocked.")
        else:
            card = Card.objects.filter(card_type_id=card_type.pk, customer_id="", state=Card.State.ACTIVE).first()
            if card is None:
                raise errors.invalid("card_type_id", errors.NOT_FOUND, card_type.pk,
                                     "No free card of this card type is left in the pool.")
        # Claimed only while still free: two requests racing for one card cannot both get it.
        claimed = Card.objects.filter(pk=card.pk, customer_id="").update(
            customer_id=customer.pk, valid_from=card.valid_from or api.now(), last_change=api.now())
    if not claimed:
        raise errors.invalid("card_number" if number is not None else "card_type_id", errors.ALREADY_EXISTS,
                             number or card_type.pk, "The card is not free.")
    return api.ok({"card_id": card.pk})


# --- digital card files ----------------------------------------------------------------------------


@operation("postGenerateDigitalCard", "POST", "/cards/actions/generate-digital-card-file", auth=CUSTOMER_LOGIN,
           body=GENERATE_DIGITAL_CARD)
def post_generate_digital_card(call: api.Call):
    """A PNG barcode or QR code, or an Apple Wallet pass, of an active card, at an unguessable
    sandbox URL.

    Wallet passes need a pass configuration in the project (a Pass Type ID and its certificate):
    with ``SANDBOX_WALLET_PASSES`` off the sandbox project has none, and ``wallet`` is refused as
    such a project refuses it. The sandbox's pass is well-formed but unsigned (see ``wallet.py``).
    """
    card_id, file_type = call.body["card_id"], call.body["file_type"]
    card = Card.objects.filter(pk=card_id).first()
    if card is None:
        raise errors.invalid("card_id", errors.NOT_FOUND, card_id, "Unknown card.")
    if not call.is_enterprise and card.customer_id != call.customer.pk:
        raise errors.invalid("card_id", errors.NOT_BELONG_TO_LOGGED_IN_CUSTOMER, card_id,
                             "The card does not belong to the logged-in customer.")
    if card.state != Card.State.ACTIVE:
        raise errors.invalid("card_id", errors.NOT_ALLOWED_VALUE, card_id, "The card is blocked.")
    if file_type == "wallet" and not settings.SANDBOX_WALLET_PASSES:
        raise errors.invalid("file_type", errors.NOT_ALLOWED_VALUE, file_type,
                             "Apple Wallet is not configured for this project.")
    card_file, _ = DigitalCardFile.objects.get_or_create(card_id=card.pk, file_type=file_type)
    url = call.request.build_absolute_uri(reverse("digital-card-file", args=[card_file.pk, FILE_EXTENSIONS[file_type]]))
    return api.ok({"file_url": url})


def render_card_png(card_number: str, file_type: str) -> bytes:
    """A QR code (``qr-png``) or a Code 128 barcode (``png``) of the card number."""
    buffer = io.BytesIO()
    if file_type == "qr-png":
        segno.make_qr(card_number, error="m").save(buffer, kind="png", scale=10, border=4)
    else:
        code = barcode.get("code128", card_number, writer=ImageWriter())
        code.write(buffer, options={"module_height": 18.0, "quiet_zone": 4.0, "font_size": 12})
    return buffer.getvalue()


def render_card_pass(card: Card, language: str) -> bytes:
    card_type = CardType.objects.filter(pk=card.card_type_id).first()
    return wallet.pkpass(card_id=card.pk, card_number=card.card_number,
                         card_type_name=api.pick_language(card_type.name, language) if card_type else "",
                         valid_to=timezone.localtime(card.valid_to).isoformat() if card.valid_to else None)


@require_GET
def digital_card_file(request: HttpRequest, file_id: str, extension: str) -> HttpResponse:
    """Serves a generated card file; the random id is the only key (no card or customer in the URL)."""
    card_file = DigitalCardFile.objects.filter(pk=file_id).first()
    card = card_file and Card.objects.filter(pk=card_file.card_id, state=Card.State.ACTIVE).first()
    if not card or FILE_EXTENSIONS.get(card_file.file_type) != extension:
        raise Http404("No such file.")
    if card_file.file_type == "wallet":
        content = render_card_pass(card, api.negotiate_language(request.headers.get("Accept-Language", "")))
        response = HttpResponse(content, content_type="application/vnd.apple.pkpass")
    else:
        response = HttpResponse(render_card_png(card.card_number, card_file.file_type), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("_sandbox/files/digital-cards/<str:file_id>.<str:extension>", digital_card_file, name="digital-card-file"),
]


# --- rewards --------------------------------------------------------------------------------------


def _stores_for(rewards) -> dict[str, Store]:
    """The stores the rewards name, in one query (ids of stores that do not exist are skipped)."""
    wanted = {store_id for reward in rewards for store_id in reward.store_ids}
    return {store.pk: store for store in Store.objects.filter(pk__in=wanted)}


def serialize_reward(reward: Reward, call: api.Call, stores: dict[str, Store] | None) -> dict:
    """``stores=None`` answers ``without_stores`` (the default): an empty ``store_list``."""
    store_list = [] if stores is None else [
        serialize_store(stores[store_id], call) for store_id in reward.store_ids if store_id in stores
    ]
    return api.compact({
        "reward_id": reward.pk,
        "code": reward.code,
        "name": call.tr(reward.name) or reward.code,
        "note": call.tr(reward.note),
        "subtitle": call.tr(reward.subtitle),
        "points_cost": reward.points_cost,
        "valid_time_from": reward.valid_time_from.strftime("%H:%M:%S") if reward.valid_time_from else None,
        "valid_time_to": reward.valid_time_to.strftime("%H:%M:%S") if reward.valid_time_to else None,
        "reward_group": reward.reward_group,
        "reward_type_id": reward.reward_type_id or None,
        "store_list": store_list,
        "additional_properties": [],
        "priority": reward.priority,
        "image_urls": [api.absolute_url(call, url) for url in reward.image_urls],
        "reward_external_url": reward.reward_external_url or None,
        # The sandbox's rewards have no product, group or brand conditions and bonuses.
        "has_product_condition": False,
        "has_group_condition": False,
        "has_brand_condition": False,
        "has_product_bonus": False,
        "has_group_bonus": False,
        "has_brand_bonus": False,
        "reward_product_relation_conditions": [],
        "reward_product_relation_bonuses": [],
        "is_automated": reward.is_automated,
        "tags": [
            {"tag_id": tag["tag_id"], "name": call.tr(tag["name"]), "text_id": tag["text_id"], "state": 1}
            for tag in reward.tags
        ],
        "last_change": api.fmt_ts(reward.last_change),
        "state": reward.state,
    })


def _visible_rewards(call: api.Call) -> list[Reward]:
    """Rewards the caller may see: all on the enterprise interface; on the customer interface
    those offered to everyone or targeted at the logged-in customer."""
    rewards = list(Reward.objects.exclude(state=Reward.State.DELETED))
    if call.is_enterprise:
        return rewards
    customer_id = call.customer.pk if call.customer else None
    return [r for r in rewards if not r.customer_ids or customer_id in r.customer_ids]


def _visible_reward(call: api.Call, reward_id: str) -> Reward:
    reward = next((r for r in _visible_rewards(call) if r.pk == reward_id), None)
    if reward is None:
        raise errors.not_found("rewards", reward_id)
    return reward


def _filter_rewards(call: api.Call, rewards: list[Reward]) -> list[Reward]:
    """The filters getRewards and getSubCustomerRewards share (logical AND between all of them)."""
    name = call.q_str("name")
    store_id = call.q_str("store_id")
    is_valid = call.q_bool("is_valid")
    valid_from = call.q_date("valid_from")
    valid_to = call.q_date("valid_to")
    code = call.q_str("code")
    is_automated = call.q_bool("is_automated")
    group = call.q_int("reward_group", choices=REWARD_GROUPS)
    customer_type_ids = set(call.q_list("customer_type_id"))
    tag_ids = set(call.q_list("tag_ids"))
    call.check()

    def keep(reward: Reward) -> bool:
        # valid_from/valid_to select rewards whose validity overlaps the given days.
        return all((
            name is None or api.text_contains(reward.name, name),
            store_id is None or store_id in reward.store_ids,
            is_valid is None or reward.is_valid == is_valid,
            valid_from is None or reward.valid_to is None or reward.valid_to >= _day_start(valid_from),
            valid_to is None or reward.valid_from is None
            or reward.valid_from < _day_start(valid_to + timedelta(days=1)),
            code is None or reward.code == code,
            is_automated is None or reward.is_automated == is_automated,
            group is None or reward.reward_group == group,
            not customer_type_ids or customer_type_ids & set(reward.customer_type_ids),
            not tag_ids or tag_ids & {tag["tag_id"] for tag in reward.tags},
        ))

    return [reward for reward in rewards if keep(reward)]


def _reward_page(call: api.Call, rewards: list[Reward]):
    with_stores = call.q_bool("without_stores", True) is False
    stores = _stores_for(rewards) if with_stores else None
    return call.page("rewards", [serialize_reward(reward, call, stores) for reward in rewards])


@operation("getRewards", "GET", "/rewards")
def get_rewards(call: api.Call):
    partner_id = call.q_str("partner_id")
    reward_type_id = call.q_str("reward_type_id")
    rewards = _filter_rewards(call, _visible_rewards(call))
    if reward_type_id is not None:
        rewards = [r for r in rewards if r.reward_type_id == reward_type_id]
    if partner_id is not None:
        # A reward belongs to a partner through the stores where it can be redeemed.
        partner_stores = set(Store.objects.filter(partner_id=partner_id).values_list("pk", flat=True))
        rewards = [r for r in rewards if partner_stores & set(r.store_ids)]
    return _reward_page(call, rewards)


@operation("getSubCustomerRewards", "GET", "/customers/{customer_id}/rewards", auth=CUSTOMER_LOGIN)
def get_customer_rewards(call: api.Call, customer_id: str):
    """The active rewards offered to this customer: to everyone or targeted at them.

    Like the real endpoint this includes rewards outside their validity (use ``is_valid``) and
    rewards the customer cannot afford yet: the client compares ``points_cost`` with the balance.
    """
    customer = call.customer_scope(customer_id)
    rewards = [
        reward for reward in Reward.objects.filter(state=Reward.State.ACTIVE) if reward.available_to(customer.pk)
    ]
    return _reward_page(call, _filter_rewards(call, rewards))


@operation("getReward", "GET", "/rewards/{reward_id}")
def get_reward(call: api.Call, reward_id: str):
    reward = _visible_reward(call, reward_id)
    return api.ok(serialize_reward(reward, call, _stores_for([reward])))


@operation("postRewardCreateVoucher", "POST", "/rewards/{reward_id}/actions/create-voucher", auth=CUSTOMER_LOGIN,
           body=CREATE_VOUCHER)
def post_reward_create_voucher(call: api.Call, reward_id: str):
    """Issue a voucher from a catalog or simple reward, paying its ``points_cost``.

    The voucher and the points deduction are one transaction: no voucher without the points.
    The spec gives no specific reason for a balance that is too low; it is ``not_allowed_value``
    on ``points_cost``.
    """
    reward = _visible_reward(call, reward_id)
    body = call.body
    customer_id = body["customer_id"]
    if not call.is_enterprise and customer_id != call.customer.pk:
        raise errors.invalid("customer_id", errors.NOT_BELONG_TO_LOGGED_IN_CUSTOMER, customer_id,
                             "Vouchers can be created only for the logged-in customer.")
    if not Customer.objects.filter(pk=customer_id, state=Customer.State.ACTIVE).exists():
        raise errors.invalid("customer_id", errors.NOT_FOUND, customer_id, "Unknown customer.")
    if reward.reward_group not in VOUCHER_REWARD_GROUPS:
        raise errors.invalid("reward_id", errors.NOT_ALLOWED_VALUE, reward_id,
                             "Only catalog and simple rewards can issue vouchers.")
    if reward.state != Reward.State.ACTIVE or not reward.is_valid or not reward.available_to(customer_id):
        raise errors.invalid("reward_id", errors.NOT_ALLOWED_VALUE, reward_id,
                             "The reward is not available to this customer now.")
    code = body.get("code")
    if code is not None and Voucher.objects.filter(code=code).exists():
        raise errors.invalid("code", errors.ALREADY_EXISTS, code, "A voucher with this code already exists.")

    now = api.now()
    valid_to = now + timedelta(days=reward.voucher_valid_days)
    if reward.valid_to is not None:
        valid_to = min(valid_to, reward.valid_to)
    with transaction.atomic():
        voucher = Voucher(customer_id=customer_id, reward_id=reward.pk, value=reward.voucher_value,
                          valid_from=now, valid_to=valid_to, note=body.get("note", ""), created_at=now)
        if code is not None:
            voucher.code = code
        voucher.save()
        if reward.points_cost and spend_points(
            customer_id, reward.points_cost, reward_id=reward.pk, voucher_id=voucher.pk,
            name={lang: f"{label}: {reward.name.get(lang) or reward.code}"
                  for lang, label in (("cs", "Odměna"), ("en", "Reward"))},
        ) is None:
            # Raising inside the transaction rolls the voucher back.
            raise errors.invalid("points_cost", errors.NOT_ALLOWED_VALUE, reward.points_cost,
                                 "The customer does not have enough points for this reward.")
    return api.created({"voucher_id": voucher.pk})


# --- vouchers --------------------------------------------------------------------------------------


def serialize_voucher(voucher: Voucher, reward: Reward | None, call: api.Call,
                      stores: dict[str, Store] | None) -> dict:
    return api.compact({
        "voucher_id": voucher.pk,
        "customer_id": voucher.customer_id,
        "store_id": voucher.store_id or None,
        "code": voucher.code,
        "value": voucher.value,
        "applied_date": api.fmt_ts(voucher.applied_date),
        "valid_from": api.fmt_ts(voucher.valid_from),
        "valid_to": api.fmt_ts(voucher.valid_to),
        # The spec types the voucher's reward_group as a string (the reward's as an integer).
        "reward_group": str(reward.reward_group) if reward else None,
        "note": voucher.note or None,
        "reward": serialize_reward(reward, call, stores) if reward else None,
        "created_at": api.fmt_ts(voucher.created_at),
        "last_change": api.fmt_ts(voucher.last_change),
        "state": voucher.state,
    })


@operation("getSubCustomerVouchers", "GET", "/customers/{customer_id}/vouchers", auth=CUSTOMER_LOGIN)
def get_customer_vouchers(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    code = call.q_str("code")
    store_id = call.q_str("store_id")
    is_valid = call.q_bool("is_valid")
    is_applied = call.q_bool("is_applied")
    with_stores = call.q_bool("without_stores", True) is False
    reward_ids = call.q_list("reward_id")
    call.check()
    vouchers = Voucher.objects.filter(customer_id=customer.pk).exclude(state=Voucher.State.DELETED)
    if code is not None:
        vouchers = vouchers.filter(code=code)
    if is_valid is not None:
        vouchers = vouchers.filter(validity_q(is_valid))
    if is_applied is not None:
        vouchers = vouchers.filter(applied_date__isnull=not is_applied)
    if reward_ids:
        vouchers = vouchers.filter(reward_id__in=reward_ids)
    vouchers = list(vouchers)
    rewards = Reward.objects.in_bulk({voucher.reward_id for voucher in vouchers})
    if store_id is not None:
        # Where the customer can apply it: the stores of its reward.
        vouchers = [v for v in vouchers if v.reward_id in rewards and store_id in rewards[v.reward_id].store_ids]
    stores = _stores_for(rewards.values()) if with_stores else None
    rows = [serialize_voucher(v, rewards.get(v.reward_id), call, stores) for v in vouchers]
    return call.page("vouchers", rows)


@operation("getVoucher", "GET", "/vouchers/{voucher_id}", auth=CUSTOMER_LOGIN)
def get_voucher(call: api.Call, voucher_id: str):
    """Another customer's voucher is a 404 to a customer token: its existence is not revealed."""
    voucher = Voucher.objects.exclude(state=Voucher.State.DELETED).filter(pk=voucher_id).first()
    if voucher is None or (not call.is_enterprise and voucher.customer_id != call.customer.pk):
        raise errors.not_found("vouchers", voucher_id)
    reward = Reward.objects.filter(pk=voucher.reward_id).first()
    stores = _stores_for([reward]) if reward else None
    return api.ok(serialize_voucher(voucher, reward, call, stores))
