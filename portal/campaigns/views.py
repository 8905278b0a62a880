"""Public campaign pages: each view reads the request, calls one selector and renders.

Anonymous visitors get pages a CDN may keep (portal/core/caching.py); the stable link a marketer
pastes is never cached anywhere, so that every arrival through it reaches the portal and is
attributed (portal/core/attribution.py).
"""

from http import HTTPStatus

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from portal.core import attribution, seo, theme
from portal.core.caching import PublicPageMixin, is_customer, make_private

from . import events, selectors, sharing


def _with_query(path: str, request) -> str:
    """``path`` with the request's query string (a tagged link keeps its UTM parameters)."""
    query = request.GET.urlencode()
    return f"{path}?{query}" if query else path


def _optional_url(name: str) -> str:
    """The URL of a page another part of the portal may provide (registration), or ""."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _description(page: dict) -> str:
    """The page's description for search results and link previews: what, for whom, until when."""
    names = ", ".join(offer["name"] for offer in page["offers"][:2])
    values = {"name": page["name"], "brand": theme.brand_name(), "count": len(page["offers"]), "offers": names}
    if not page["offers"]:
        return gettext("%(name)s: a campaign of %(brand)s. Its offers will appear here soon.") % values
    if page["status"] == selectors.UPCOMING and page["starts"]:
        text = ngettext("%(name)s: %(count)s offer for members of %(brand)s from %(date)s: %(offers)s.",
                        "%(name)s: %(count)s offers for members of %(brand)s from %(date)s: %(offers)s.",
                        values["count"])
        return text % {**values, "date": date_format(localtime(page["starts"]), "DATE_FORMAT")}
    if page["ends"]:
        text = ngettext("%(name)s: %(count)s offer for members of %(brand)s until %(date)s: %(offers)s.",
                        "%(name)s: %(count)s offers for members of %(brand)s until %(date)s: %(offers)s.",
                        values["count"])
        return text % {**values, "date": date_format(localtime(page["ends"]), "DATE_FORMAT")}
    return ngettext("%(name)s: %(count)s offer for members of %(brand)s: %(offers)s.",
                    "%(name)s: %(count)s offers for members of %(brand)s: %(offers)s.", values["count"]) % values


def _status_page(request, page: dict, status: int):
    """The friendly 404 (unknown campaign) or 410 (finished campaign) page, with a way on."""
    template = "campaigns/missing.html" if status == HTTPStatus.NOT_FOUND else "campaigns/finished.html"
    return render(request, template, {
        "page": page, "active_tab": "campaigns", "public_page": not is_customer(request),
    }, status=status)


class CampaignListView(PublicPageMixin, TemplateView):
    template_name = "campaigns/list.html"
    page_title = _("Campaigns")
    active_tab = "campaigns"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, active_tab=self.active_tab,
                                        campaigns=selectors.campaigns_running(), **kwargs)


class CampaignLinkView(View):
    """``/{lang}/campaigns/{id}/``: 301 to the campaign's canonical address, with the query."""

    def get(self, request, campaign_id):
        link = selectors.campaign_link(campaign_id=campaign_id)
        if link["status"] == selectors.MISSING:
            response = _status_page(request, link, HTTPStatus.NOT_FOUND)
        else:
            attribution.note_campaign(request, campaign_id, landing=True)
            response = HttpResponsePermanentRedirect(_with_query(link["url"], request))
        return make_private(response)


class CampaignDetailView(PublicPageMixin, TemplateView):
    """``/{lang}/campaigns/{id}/{slug}/``: the campaign, its offers and a call to action."""

    template_name = "campaigns/detail.html"
    active_tab = "campaigns"

    def get(self, request, campaign_id, slug):
        page = selectors.campaign_page(campaign_id=campaign_id, session=request.customer)
        if page["status"] == selectors.MISSING:
            return _status_page(request, page, HTTPStatus.NOT_FOUND)
        if page["status"] == selectors.FINISHED:
            return _status_page(request, page, HTTPStatus.GONE)
        if slug != page["slug"]:
            return HttpResponsePermanentRedirect(_with_query(page["path"], request))
        attribution.note_campaign(request, campaign_id)
        link = reverse("campaigns:link", kwargs={"campaign_id": campaign_id})
        response = self.render_to_response(self.get_context_data(
            page=page, page_title=page["name"], active_tab=self.active_tab,
            seo=seo.page_addresses(request, page["paths"], x_default=seo.without_language(link)),
            register_url=_optional_url("accounts:register"), description=_description(page),
            sharing_image=seo.absolute_url(request, _sharing_path(campaign_id, page["image_url"])),
            sharing_size=sharing.SIZE,
            take_part_url=reverse("campaigns:take-part", kwargs={"campaign_id": campaign_id, "slug": page["slug"]}),
        ))
        events.note_campaign_event(request, campaign_id=campaign_id, action="view")
        return response


def _sharing_path(campaign_id: str, source_url: str) -> str:
    return reverse("campaigns:sharing-image",
                   kwargs={"campaign_id": campaign_id, "version": sharing.version(source_url)})


class CampaignSharingImageView(View):
    """``/{lang}/campaigns/{id}/sharing/{version}.jpg``: the campaign page's ``og:image``
    (portal/campaigns/sharing.py). An old version redirects to the current one."""

    def get(self, request, campaign_id, version):
        page = selectors.campaign_page(campaign_id=campaign_id)  # the public reads only, cached
        if page["status"] in (selectors.MISSING, selectors.FINISHED):
            raise Http404
        if version != sharing.version(page["image_url"]):
            response = HttpResponseRedirect(_sharing_path(campaign_id, page["image_url"]))
            response["Cache-Control"] = "no-cache"
            return response
        image = sharing.sharing_image(page["image_url"])
        response = HttpResponse(image.content, content_type=image.content_type)
        response["Cache-Control"] = image.cache_control
        return response


class CampaignTakePartView(View):
    """``/{lang}/campaigns/{id}/{slug}/take-part/``: a member's call to action on a campaign page. It
    leads to the member's rewards (anyone else: to log in first) and, for a member, notes the
    ``cta`` marketing event (portal/campaigns/events.py). Never cached."""

    def get(self, request, campaign_id, slug):
        link = selectors.campaign_link(campaign_id=campaign_id)  # public, cached: no event for made-up ids
        if link["status"] == selectors.MISSING:
            return make_private(_status_page(request, link, HTTPStatus.NOT_FOUND))
        response = make_private(redirect("rewards:reward-list"))
        events.note_campaign_event(request, campaign_id=campaign_id, action="cta")
        return response
