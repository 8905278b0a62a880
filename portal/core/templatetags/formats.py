"""Filters that format values for reading: ``{% load formats %}{{ profile.phone|phone }}``."""

from django import template

from portal.core.shaping import money as format_money
from portal.core.shaping import percent as format_percent
from portal.core.shaping import readable_phone

register = template.Library()


@register.filter
def phone(value) -> str:
    """CareCloud's phone number (digits with the country prefix) grouped for reading."""
    return readable_phone(value)


@register.filter
def money(value, currency: str = "") -> str:
    """An amount with its currency in the page's language ("59 Kč", "CZK 59")."""
    return format_money(value, currency or None)


@register.filter
def percent(value) -> str:
    """A number of percent in the page's language ("15 %", "15%")."""
    return format_percent(value)
