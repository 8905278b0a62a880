"""The sandbox's URLconf (ROOT_URLCONF of its settings; ``python -m portal.sandbox runsandbox``).

The emulated API lives under CareCloud's real paths; the control endpoints under ``/_sandbox/``.
"""

from django.urls import path, re_path

from . import api, control, handlers, images, oidc, pages  # noqa: F401  (handlers fill the registry)

app_name = "sandbox"

# Its clients are programs: errors outside the emulated API answer JSON too (no error pages).
handler404 = control.page_not_found
handler500 = control.server_error

urlpatterns = [
    re_path(
        r"^webservice/rest-api/(?P<interface_slug>customer-interface|enterprise-interface)/v1\.0(?P<path>/.*)?$",
        api.dispatch,
    ),
    path("_sandbox/reset", control.reset, name="reset"),
    path("_sandbox/faults", control.faults, name="faults"),
    path("_sandbox/requests", control.requests_log, name="requests"),
    path("_sandbox/operations", control.operations, name="operations"),
    path("_sandbox/credits", control.remove_credits, name="remove-credits"),
    path("_sandbox/tokens/<str:token_id>/expire", control.expire_token, name="expire-token"),
    path("_sandbox/customers/<str:customer_id>/expire-tokens", control.expire_customer_tokens,
         name="expire-customer-tokens"),
    path("_sandbox/one-time-passwords/<str:request_id>/expire", control.expire_one_time_password,
         name="expire-one-time-password"),
    path("_sandbox/images/<str:kind>/<slug:name>.svg", images.image, name="image"),
    path("_sandbox/images/<str:kind>/<slug:name>.png", images.png, name="image-png"),
] + pages.urlpatterns + oidc.urlpatterns + handlers.extra_urlpatterns()
