"""Django admin: the audit trail, readable by superusers and by no one editable or deletable.

Admin signs in through allauth (the second factor included), never through its own form.
"""

from allauth.account.decorators import secure_admin_login
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import CustomerSearch, Preview, PreviewPageView

admin.site.login = secure_admin_login(admin.site.login)


class AuditAdmin(admin.ModelAdmin):
    """Read-only for superusers; nothing to add, change or delete, whatever permissions say."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CustomerSearch)
class CustomerSearchAdmin(AuditAdmin):
    list_display = ["at", "staff_email", "kind", "query", "result_count", "ip"]
    list_filter = ["kind", "at"]
    search_fields = ["staff_email", "query", "customer_ids"]
    date_hierarchy = "at"


class PageViewInline(admin.TabularInline):
    model = PreviewPageView
    fields = ["at", "method", "path", "status"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Preview)
class PreviewAdmin(AuditAdmin):
    list_display = ["started_at", "staff_email", "customer_name", "customer_id", "reason", "ended_at", "end_reason",
                    "pages"]
    list_filter = ["end_reason", "started_at"]
    search_fields = ["staff_email", "customer_id", "customer_name", "reason"]
    date_hierarchy = "started_at"
    fields = ["staff", "staff_email", "customer_id", "customer_name", "reason", "language", "ip", "started_at",
              "expires_at", "ended_at", "end_reason"]
    inlines = [PageViewInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("page_views"))

    @admin.display(description=_("pages"), ordering="page_count")
    def pages(self, obj: Preview) -> int:
        return obj.page_count


# Customers' social sign-in (portal/accounts/social.py) keeps nothing in the database: social
# providers come from the settings only and no SocialAccount or SocialToken is ever made. Their admin
# pages would only invite configuring providers where the portal never reads them.
for _model in (SocialApp, SocialAccount, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
