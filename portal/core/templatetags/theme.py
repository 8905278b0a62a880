"""The theme for templates rendered without a request context (the 400 and 500 pages): the context
processor's ``theme`` is not there, so ``{% theme_file "logo" %}`` gives a theme file's URL and
``{% theme_css %}`` its stylesheet's. Nothing here touches the session or the database."""

from django import template
from django.templatetags.static import static

from portal.core import theme

register = template.Library()


@register.simple_tag
def theme_file(key: str) -> str:
    return static(theme.current().path(key))


@register.simple_tag
def theme_css() -> str:
    return static(theme.current().css)
