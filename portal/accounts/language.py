"""The language switch: Django's own, and the customer's CareCloud token follows it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal.carecloud import AuthenticationError, CareCloudError
from portal.core.redirects import is_safe_next

from . import services
from .middleware import session_expired


@require_POST
@never_cache
def set_language(request):
    """Django's set_language (cookie + redirect to the translated ``next``), and the CareCloud
    token's setup follows (putToken), so the customer's language is the one sent to CareCloud.

    Django translates ``next`` by resolving it in the *active* language, and a language-prefixed
    URL resolves only in its own language: this view lives outside the prefixes, so the active
    language is whatever the cookie or browser says, not the page's. Resolve in the page's.
    """
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.POST.get("language") not in dict(settings.LANGUAGES):
        # Django's own check accepts any language it has a catalogue of (German, ...), whose pages
        # do not exist here: the portal speaks its LANGUAGES only. Back to the page, nothing changed.
        return HttpResponseRedirect(next_url if is_safe_next(next_url, request) else "/")
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or translation.get_language()
    with translation.override(page_language):
        response = django_set_language(request)
    language = request.POST.get("language")
    if isinstance(response, HttpResponseRedirect) and translation.check_for_language(language or ""):
        try:
            services.session_set_language(request=request, language=language)
        except AuthenticationError:
            # Log in again, in the new language, and come back to the page in the new language;
            # the language cookie Django's view set stays on the redirect.
            with translation.override(language):
                expired = session_expired(request, urlsplit(response.url)._replace(scheme="", netloc="").geturl())
            for cookie in response.cookies.values():
                expired.cookies[cookie.key] = cookie
            return expired
        except CareCloudError:
            with translation.override(language):
                messages.warning(request, _("Your language was changed here, but not yet in your account."))
    return response
