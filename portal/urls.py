"""The portal's URLconf. Pages live under a language prefix (/en/..., /cs/...)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from portal.accounts.language import set_language

urlpatterns = [
    path("", include("portal.core.urls")),
    # The language switch lives outside the language prefixes: it moves a page from one to the other.
    path("language/", set_language, name="set-language"),
    # Staff: no language prefix (the language cookie or the browser's decides); their own session.
    path("staff/", include("portal.staff.urls")),
    # allauth's staff sign-in and second factor; its social providers are the customers', at /social/.
    path("staff/accounts/", include("allauth.account.urls")),
    path("staff/accounts/2fa/", include("allauth.mfa.urls")),
    path("social/", include("portal.accounts.social_urls")),
    path("staff/admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", RedirectView.as_view(pattern_name="overview:dashboard", permanent=False), name="home"),
    path("", include("portal.accounts.urls")),
    # The member's pages, a package per feature (README "Layout").
    path("", include("portal.overview.urls")),
    path("", include("portal.profile.urls")),
    path("", include("portal.aboutyou.urls")),
    path("", include("portal.mydata.urls")),
    path("", include("portal.cards.urls")),
    path("", include("portal.rewards.urls")),
    path("", include("portal.points.urls")),
    path("", include("portal.purchases.urls")),
    path("", include("portal.stampcards.urls")),
    path("", include("portal.inbox.urls")),
    path("", include("portal.stores.urls")),
    path("", include("portal.credits.urls")),
    path("", include("portal.campaigns.urls")),
    path("", include("portal.core.localized_urls")),
    path("", include("portal.core.page_urls")),
)
