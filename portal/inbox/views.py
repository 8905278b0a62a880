"""The messages pages: the member's messages a page at a time, and one message."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.accounts.mixins import CustomerPageView
from portal.carecloud.exceptions import NotFoundError

from . import selectors, services


class MessageListView(CustomerPageView):
    template_name = "inbox/messages.html"
    page_title = _("Messages")
    active_tab = "messages"

    def get_context_data(self, **kwargs):
        result = selectors.messages_for_customer(session=self.request.customer, page=self.page)
        # The first page shows the newest: the member has now seen them (never in a staff preview,
        # which must not change what the member will find new).
        if self.page == 1 and result.newest_sent and not getattr(self.request, "read_only", False):
            services.messages_mark_seen(session=self.request.customer, until=result.newest_sent)
        return super().get_context_data(result=result, **kwargs)


class MessageDetailView(CustomerPageView):
    template_name = "inbox/message_detail.html"
    page_title = _("Message")
    active_tab = "messages"

    def get_context_data(self, **kwargs):
        try:
            message = selectors.message_detail(session=self.request.customer, message_id=self.kwargs["message_id"])
        except NotFoundError:
            raise Http404("No such message") from None
        return super().get_context_data(message=message, **kwargs)
