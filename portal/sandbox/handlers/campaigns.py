"""Campaigns, campaign products and products: getCampaigns, getCampaign, getCampaignProducts,
getProducts, getProduct (both interfaces; a token that is not logged in is enough).

Names and presentation texts are language-dependent (Accept-Language).
"""

from .. import api
from ..api import operation
from ..models import Campaign, CampaignProduct, Product, ProductTag

CAMPAIGN_FIELDS = {"idcampaign", "campaign_id", "external_id", "parent_id", "name", "last_change", "state"}
CAMPAIGN_PRODUCT_FIELDS = {
    "campaign_product_id", "product_id", "currency_id", "campaign_id", "value", "value_type_id", "valid_from",
    "valid_to", "display_in", "type_id", "presentation_data", "campaign_product_property_records",
    "last_change", "state",
}
PRODUCT_FIELDS = {
    "product_id", "name", "code", "external_id", "plu_ids", "partner_id", "prices", "additional_properties",
    "image_urls", "last_change", "state", "tags",
}


def _property_records(records: list[dict], owner_id: str, last_change, call: api.Call) -> list[dict]:
    return [
        {
            "property_record_id": f"{record['property_id']}:{owner_id}",
            "property_id": record["property_id"],
            "property_name": call.tr(record["property_name"]),
            "property_value": record["property_value"],
            "last_change": api.fmt_ts(last_change),
        }
        for record in records
    ]


# --- campaigns -------------------------------------------------------------------------------------


def serialize_campaign(campaign: Campaign, call: api.Call) -> dict:
    return api.compact({
        "idcampaign": campaign.pk,
        "campaign_id": campaign.pk,
        "external_id": campaign.external_id,
        "parent_id": campaign.parent_id,
        "name": call.tr(campaign.name),
        "last_change": api.fmt_ts(campaign.last_change),
        "state": campaign.state,
    })


@operation("getCampaigns", "GET", "/campaigns")
def get_campaigns(call: api.Call):
    name = call.q_str("name")
    external_id = call.q_str("external_id")
    call.check()
    campaigns = Campaign.objects.all()
    if external_id:
        campaigns = campaigns.filter(external_id=external_id)
    if name:
        campaigns = [c for c in campaigns if api.text_contains(c.name, name)]
    return call.page("campaigns", [serialize_campaign(c, call) for c in campaigns], CAMPAIGN_FIELDS)


@operation("getCampaign", "GET", "/campaigns/{campaign_id}")
def get_campaign(call: api.Call, campaign_id: str):
    campaign = api.get_or_404(Campaign, campaign_id, "campaigns")
    return api.ok(serialize_campaign(campaign, call))


# --- campaign products ---------------------------------------------------------------------------------


def serialize_campaign_product(offer: CampaignProduct, call: api.Call, with_properties: bool) -> dict:
    presentation = offer.presentation_data
    data = {
        "campaign_product_id": offer.pk,
        "product_id": offer.product_id,
        "currency_id": offer.currency_id,
        "campaign_id": offer.campaign_id,
        "value": offer.value,
        "value_type_id": offer.value_type_id,
        "valid_from": api.fmt_ts(offer.valid_from),
        "valid_to": api.fmt_ts(offer.valid_to),
        "display_in": offer.display_in,
        "type_id": offer.type_id,
        "presentation_data": api.compact({
            "name": call.tr(presentation["name"]),
            "subtitle": call.tr(presentation.get("subtitle")),
            "note": call.tr(presentation.get("note")),
            "description": call.tr(presentation.get("description")),
            "image_url": api.absolute_url(call, presentation.get("image_url")),
        }),
        "last_change": api.fmt_ts(offer.last_change),
        "state": offer.state,
    }
    # "false or not set" means no property records; the spec's field is not nullable, so it is
    # left out rather than sent as null.
    if with_properties:
        data["campaign_product_property_records"] = _property_records(
            offer.property_records, offer.pk, offer.last_change, call)
    return data


@operation("getCampaignProducts", "GET", "/campaign-products")
def get_campaign_products(call: api.Call):
    """Every filter combines with AND.

    ``is_valid``: now within valid_from..valid_to (false: before or after it). ``valid_from`` /
    ``valid_to``: the offer's validity overlaps that period (valid_to >= valid_from and
    valid_from <= valid_to). ``store_id``: offers that apply in that store, including those
    without a store restriction. ``type_id[]``: any of the customer types.
    """
    name = call.q_str("name")
    code = call.q_str("code")
    display_in = call.q_enum("display_in", CampaignProduct.DISPLAY_PLACES)
    type_ids = call.q_list("type_id")
    store_id = call.q_str("store_id")
    value_type_id = call.q_int("value_type_id", choices=tuple(CampaignProduct.ValueType.values))
    is_valid = call.q_bool("is_valid")
    valid_from = call.q_datetime("valid_from")
    valid_to = call.q_datetime("valid_to")
    campaign_id = call.q_str("campaign_id")
    with_properties = call.q_bool("include_property_records", False)
    call.check()

    offers = CampaignProduct.objects.all()
    if campaign_id:
        offers = offers.filter(campaign_id=campaign_id)
    if value_type_id is not None:
        offers = offers.filter(value_type_id=value_type_id)
    if type_ids:
        offers = offers.filter(type_id__in=type_ids)
    if code:
        offers = offers.filter(product_id__in=Product.objects.filter(code=code).values("pk"))
    if valid_from:
        offers = offers.filter(valid_to__gte=valid_from)
    if valid_to:
        offers = offers.filter(valid_from__lte=valid_to)
    if is_valid is not None:
        now = api.now()
        current = offers.filter(valid_from__lte=now, valid_to__gte=now)
        offers = current if is_valid else offers.exclude(pk__in=current.values("pk"))
    rows = [
        offer for offer in offers
        if (display_in is None or display_in in offer.display_in)
        and (store_id is None or not offer.store_ids or store_id in offer.store_ids)
        and (name is None or api.text_contains(offer.presentation_data["name"], name))
    ]
    return call.page("campaign_products", [serialize_campaign_product(o, call, with_properties) for o in rows],
                     CAMPAIGN_PRODUCT_FIELDS)


# --- products -----------------------------------------------------------------------------------------


def _external_id(product: Product, list_code: str | None) -> str | None:
    """The product's id in the chosen product list (the first list when none is chosen)."""
    for plu in product.plu_ids:
        if list_code is None or plu["list_code"] == list_code:
            return plu["code"]
    return None


def serialize_tag(tag: ProductTag, call: api.Call) -> dict:
    return {
        "tag_id": tag.pk,
        "name": call.tr(tag.name),
        "text_id": tag.text_id,
        "state": tag.state,
        "last_change": api.fmt_ts(tag.last_change),
    }


def serialize_product(product: Product, call: api.Call, tags: dict[str, ProductTag],
                      list_code: str | None = None) -> dict:
    return api.compact({
        "product_id": product.pk,
        "name": call.tr(product.name),
        "code": product.code,
        "external_id": _external_id(product, list_code),
        "plu_ids": product.plu_ids,
        "partner_id": product.partner_id,
        "prices": product.prices,
        "additional_properties": _property_records(product.additional_properties, product.pk,
                                                   product.last_change, call),
        "image_urls": [api.absolute_url(call, url) for url in product.image_urls],
        "last_change": api.fmt_ts(product.last_change),
        "state": product.state,
        "tags": [serialize_tag(tags[tag_id], call) for tag_id in product.tag_ids if tag_id in tags],
    })


def _tags() -> dict[str, ProductTag]:
    return {tag.pk: tag for tag in ProductTag.objects.all()}


@operation("getProducts", "GET", "/products")
def get_products(call: api.Call):
    """``external_id`` is looked up in the list ``external_type_code`` names, or in every list
    when it is not given; ``tag_ids[]``: any of the tags."""
    name = call.q_str("name")
    code = call.q_str("code")
    external_id = call.q_str("external_id")
    list_code = call.q_str("external_type_code")
    tag_ids = set(call.q_list("tag_ids"))
    partner_id = call.q_str("partner_id")
    call.check()

    products = Product.objects.all()
    if code:
        products = products.filter(code=code)
    if partner_id:
        products = products.filter(partner_id=partner_id)
    rows = [
        product for product in products
        if (name is None or api.text_contains(product.name, name))
        and (not tag_ids or tag_ids.intersection(product.tag_ids))
        and (external_id is None or any(
            plu["code"] == external_id and list_code in (None, plu["list_code"]) for plu in product.plu_ids))
    ]
    tags = _tags()
    return call.page("products", [serialize_product(p, call, tags, list_code) for p in rows], PRODUCT_FIELDS)


@operation("getProduct", "GET", "/products/{product_id}")
def get_product(call: api.Call, product_id: str):
    product = api.get_or_404(Product, product_id, "products")
    return api.ok(serialize_product(product, call, _tags()))
