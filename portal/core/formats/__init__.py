"""The portal's own locale formats (``FORMAT_MODULE_PATH``): where Django's defaults for a language
are not the style the portal writes in. Only what differs is here; the rest falls back to Django's."""
