"""The preview banner's data, on every page of a preview (customer pages and staff pages alike)."""

import math

from django.utils import timezone

from .access import is_staff_path


def preview(request):
    preview = getattr(request, "preview", None)
    if preview is None:
        return {}
    left = (preview.expires_at - timezone.now()).total_seconds()
    return {"preview": preview, "preview_minutes_left": max(math.ceil(left / 60), 0),
            "preview_on_staff_page": is_staff_path(request.path_info)}
