"""Loyalty pages: each view reads the request, calls one selector and renders; the profile's
forms read what they are drawn from with one selector and save with one service."""

import logging
from typing import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from portal.accounts import services as account_services
from portal.accounts.mixins import CustomerRequiredMixin
from portal.carecloud import exceptions as cc
from portal.carecloud.exceptions import NotFoundError
from portal.core.forms import CareCloudFormMixin

from . import forms, selectors, services

log = logging.getLogger(__name__)


class CustomerPageView(CustomerRequiredMixin, TemplateView):
    page_title = ""
    active_tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)

    @property
    def page(self) -> int:
        return selectors.page_number(self.request.GET.get("page"))


class DashboardView(CustomerPageView):
    template_name = "loyalty/dashboard.html"
    page_title = _("Overview")
    active_tab = "dashboard"

    def get_context_data(self, **kwargs):
        dashboard = selectors.dashboard_for_customer(session=self.request.customer)
        return super().get_context_data(dashboard=dashboard, **kwargs)


class ProfileView(CustomerPageView):
    template_name = "loyalty/profile.html"
    page_title = _("Profile")
    active_tab = "profile"

    def get_context_data(self, **kwargs):
        profile = selectors.profile_for_customer(session=self.request.customer)
        return super().get_context_data(profile=profile, **kwargs)


class CardListView(CustomerPageView):
    template_name = "loyalty/cards.html"
    page_title = _("Cards")
    active_tab = "cards"

    def get_context_data(self, **kwargs):
        cards = selectors.cards_for_customer(session=self.request.customer)
        return super().get_context_data(cards=cards, **kwargs)


class VoucherListView(CustomerPageView):
    template_name = "loyalty/vouchers.html"
    page_title = _("Vouchers")
    active_tab = "vouchers"

    def get_context_data(self, **kwargs):
        state = selectors.VoucherState.clean(self.request.GET.get("state"))
        result = selectors.vouchers_for_customer(session=self.request.customer, state=state, page=self.page)
        return super().get_context_data(result=result, states=selectors.VoucherState.CHOICES, **kwargs)


class PointsView(CustomerPageView):
    template_name = "loyalty/points.html"
    page_title = _("Points")
    active_tab = "points"

    def get_context_data(self, **kwargs):
        points = selectors.points_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(points=points, **kwargs)


class RewardListView(CustomerPageView):
    template_name = "loyalty/rewards.html"
    page_title = _("Rewards")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        result = selectors.rewards_for_customer(session=self.request.customer, page=self.page)
        return super().get_context_data(result=result, **kwargs)


class RewardDetailView(CustomerPageView):
    template_name = "loyalty/reward_detail.html"
    page_title = _("Reward")
    active_tab = "rewards"

    def get_context_data(self, **kwargs):
        try:
            reward = selectors.reward_detail(session=self.request.customer, reward_id=self.kwargs["reward_id"])
        except NotFoundError:
            raise Http404("No such reward") from None
        return super().get_context_data(reward=reward, **kwargs)


# --- the profile's forms -------------------------------------------------------------------------------


class CustomerFormView(CustomerRequiredMixin, CareCloudFormMixin, FormView):
    """A form of the customer's own data. ``data_selector`` gives what the form is drawn from:
    CareCloud's choices and the customer's current data, read again for a POST (the service
    writes only what differs from it). When that read fails on a POST, the form still comes back
    with what the customer typed (drawn from ``options_selector``: reference data, usually cached)
    and an honest message. ``save`` calls the one service."""

    page_title = ""
    active_tab = "profile"
    success_url_name = "loyalty:profile"
    data_selector: Callable[..., dict]
    options_selector: Callable[..., dict]
    form_data: dict

    def read_data(self) -> dict:
        return type(self).data_selector(session=self.request.customer)

    def read_options(self) -> dict:
        return type(self).options_selector(session=self.request.customer)

    def save(self, form):
        raise NotImplementedError

    saved_message = ""

    def success_message(self, result) -> str:
        """What the customer reads after saving (``result.changed``: whether anything was written)."""
        return self.saved_message if result.changed else _("Nothing has changed.")

    def get(self, request, *args, **kwargs):
        self.form_data = self.read_data()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            self.form_data = self.read_data()
        except (cc.AuthenticationError, cc.NotFoundError):
            raise
        except cc.CareCloudError as error:
            self.form_data = self.read_options()
            return self.carecloud_failed(self.get_form(), error)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_data}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab, **kwargs)

    def form_valid(self, form):
        try:
            result = self.save(form)
        except cc.CareCloudError as error:
            return self.carecloud_failed(form, error)
        return self.saved(result)

    def saved(self, result):
        messages.success(self.request, self.success_message(result))
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)


class ProfileEditView(CustomerFormView):
    template_name = "loyalty/profile_edit.html"
    form_class = forms.ProfileForm
    page_title = _("Edit your profile")
    saved_message = _("Your profile has been saved.")

    data_selector = selectors.profile_form_data
    options_selector = selectors.profile_form_options

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
    template_name = "loyalty/interests_edit.html"
    form_class = forms.InterestsForm
    page_title = _("Your interests")
    saved_message = _("Your interests have been saved.")
    carecloud_fields = {"interest_id": "interests"}

    data_selector = selectors.interests_form_data
    options_selector = selectors.interests_form_options

    def save(self, form):
        return services.customer_interests_update(session=self.request.customer, records=self.form_data["records"],
                                                  offered=form.offered, chosen=form.chosen())


class PropertiesEditView(CustomerFormView):
    template_name = "loyalty/properties_edit.html"
    form_class = forms.PropertiesForm
    page_title = _("About you")
    saved_message = _("Your answers have been saved.")

    data_selector = selectors.properties_form_data
    options_selector = selectors.properties_form_options

    def save(self, form):
        self.carecloud_fields = form.carecloud_fields  # a refused record is named by its property id
        return services.customer_properties_update(session=self.request.customer,
                                                   definitions=self.form_data["definitions"],
                                                   records=self.form_data["records"], values=form.values())
