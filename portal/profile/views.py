"""The profile pages: the profile page, and its forms of personal details and interests; each
reads what it is drawn from with one selector and saves with one service ("About you":
portal/aboutyou)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts import services as account_services
from portal.accounts.mixins import CustomerFormView, CustomerPageView
from portal.carecloud import exceptions as cc

from . import forms, selectors, services

log = logging.getLogger(__name__)


class ProfileView(CustomerPageView):
    template_name = "profile/profile.html"
    page_title = _("Profile")
    active_tab = "profile"

    def get_context_data(self, **kwargs):
        profile = selectors.profile_for_customer(session=self.request.customer)
        return super().get_context_data(profile=profile, **kwargs)


# --- the profile's forms -------------------------------------------------------------------------------


class ProfileEditView(CustomerFormView):
    template_name = "profile/profile_edit.html"
    active_tab = "profile"
    success_url_name = "profile:profile"
    form_class = forms.ProfileForm
    page_title = _("Edit your profile")
    saved_message = _("Your profile has been saved.")

    data_selector = selectors.profile_form_data
    options_selector = selectors.profile_form_options
    no_options = {"languages": [], "countries": [], "stores": [], "consents": []}

    def save(self, form):
        return services.customer_profile_update(session=self.request.customer, customer=self.form_data["customer"],
                                                changes=form.changes())

    def saved(self, result):
        language = result.language_id
        if "language_id" not in result.changed or not _portal_language(language) \
                or language == translation.get_language():
            return super().saved(result)
        # The customer's new preferred language is the portal's too: the token's language
        # (putToken), the language cookie, and the profile page (and this message) in it.
        try:
            account_services.session_set_language(request=self.request, language=language)
        except cc.AuthenticationError:
            raise
        except cc.CareCloudError as error:
            # The page still switches; the next page view tries the token again (middleware).
            log.warning("CareCloud did not take the language %s: %s", language, error)
        with translation.override(language):
            messages.success(self.request, str(self.success_message(result)))
            response = redirect(self.get_success_url())
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response


def _portal_language(code: str) -> bool:
    return code in {language for language, _name in settings.LANGUAGES}


class InterestsEditView(CustomerFormView):
    template_name = "profile/interests_edit.html"
    active_tab = "profile"
    success_url_name = "profile:profile"
    form_class = forms.InterestsForm
    page_title = _("Your interests")
    saved_message = _("Your interests have been saved.")
    carecloud_fields = {"interest_id": "interests"}

    data_selector = selectors.interests_form_data
    options_selector = selectors.interests_form_options
    no_options = {"interests": []}

    def save(self, form):
        return services.customer_interests_update(session=self.request.customer, records=self.form_data["records"],
                                                  offered=form.offered, chosen=form.chosen())
