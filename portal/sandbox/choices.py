"""The choices of the sandbox's records that its demo data names (seed/).

Apart from the models so that the demo data's ids and names can be imported where the sandbox's
models cannot: the portal's tests read them, and the portal never installs the sandbox app.
"""

from django.db import models


class CampaignState(models.IntegerChoices):
    DELETED = 0
    ACTIVE = 1
    NON_ACTIVE = 2


class OfferValueType(models.IntegerChoices):
    """A campaign product's promotion: a percentage discount or a final price."""

    PERCENTAGE_DISCOUNT = 1
    FINAL_PRICE = 2


class PropertyDataType(models.TextChoices):
    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    ENUM = "enum"
    MULTISELECT = "multiselect"


# The language lists a language can be in (GET /languages?language_list_type=).
LANGUAGE_LIST_TYPES = ("carecloud-api", "web-portal", "customer-communication")
