from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal.accounts import services
from portal.carecloud import AuthenticationError, CareCloudError


@require_POST
def set_language(request):
    """Django's set_language (cookie + redirect to the translated ``next``), and the CareCloud
    token's setup follows (putToken), so the customer's language is the one sent to CareCloud."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if isinstance(response, HttpResponseRedirect) and translation.check_for_language(language or ""):
        try:
            services.session_set_language(request=request, language=language)
        except AuthenticationError:
            raise
        except CareCloudError:
            with translation.override(language):
                messages.warning(request, _("Your language was changed here, but not yet in your account."))
    return response
