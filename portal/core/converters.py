"""The URL converters of the portal's pages, registered once here: a URLconf whose paths use one
imports this module first."""

from django.urls import register_converter


class CareCloudIdConverter:
    """A CareCloud id in a URL: letters, digits, ``-`` and ``_`` only."""

    regex = r"[0-9A-Za-z_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CareCloudIdConverter, "ccid")
