from django.urls import path

from portal.core import converters  # noqa: F401  (registers ``ccid``: a CareCloud id)

from . import views

app_name = "inbox"

urlpatterns = [
    path("messages/", views.MessageListView.as_view(), name="message-list"),
    path("messages/<ccid:message_id>/", views.MessageDetailView.as_view(), name="message-detail"),
]
