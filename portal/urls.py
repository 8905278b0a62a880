"""The portal's URLconf. The sandbox has its own (portal/sandbox/urls.py), served on its own port."""

from django.urls import path

urlpatterns: list = []
