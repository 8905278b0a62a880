"""Validation of real HTTP exchanges against the vendor's spec (../shared/carecloud/openapi.yaml).

The spec is never copied into the project. Where it is absent, a developer's run validates nothing
and the checks that need it skip, saying why (:func:`unavailable`); in CI (``CI=true``) a missing
spec fails the run instead, so a checkout without ``../shared`` can never pass as validated.
``CARECLOUD_SPEC`` points at the spec elsewhere; ``PORTAL_TEST_SPEC_CHECKS=off`` switches the
validation off on purpose (``make mutation``, which tests the portal's code, not the sandbox's).
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path

import pytest
import yaml

SPEC_PATH = Path(os.environ.get("CARECLOUD_SPEC")
                 or Path(__file__).resolve().parents[2].parent / "shared" / "carecloud" / "openapi.yaml")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def switched_off() -> bool:
    return os.environ.get("PORTAL_TEST_SPEC_CHECKS", "").strip().lower() in ("0", "off", "false", "no")


def missing_reason() -> str | None:
    """Why exchanges cannot be validated here (None when they can)."""
    if switched_off():
        return "spec validation switched off (PORTAL_TEST_SPEC_CHECKS=off)"
    if SPEC_PATH.exists():
        return None
    return f"the CareCloud spec is not there ({SPEC_PATH})"


def unavailable() -> str | None:
    """:func:`missing_reason`, except that in CI a missing spec is not a reason but a failure: this
    raises pytest's ``Failed``."""
    reason = missing_reason()
    if reason and in_ci() and not switched_off():
        pytest.fail(f"{reason}: CI must validate every exchange against it (copy shared/ beside the clone "
                    "or set CARECLOUD_SPEC)", pytrace=False)
    return reason


def skip_without_spec() -> None:
    """Skip the calling test or module, with the reason, when the spec cannot be used (fails in CI)."""
    reason = unavailable()
    if reason:
        pytest.skip(reason, allow_module_level=True)


@functools.lru_cache(maxsize=1)
def spec_dict() -> dict | None:
    if unavailable():
        return None
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.lru_cache(maxsize=4)
def load_spec(base_url: str):
    """An openapi-core validator whose server is the live sandbox at ``base_url``.

    openapi-core would first check that the spec itself is a valid OpenAPI document: some 3 s of
    CPU for this one, in every test worker and for every extra sandbox a test starts. That check
    is a test of its own instead (tests/sandbox/test_spec.py), made once per run."""
    raw = spec_dict()
    if raw is None:
        return None
    from openapi_core import Config, OpenAPI

    local = copy.deepcopy(raw)
    root = base_url.rstrip("/") + "/webservice/rest-api"
    local["servers"] = [{"url": f"{root}/{interface}/v1.0"}
                        for interface in ("customer-interface", "enterprise-interface")]
    for item in local.get("paths", {}).values():
        item.pop("servers", None)
    return OpenAPI.from_dict(local, config=Config(spec_validator_cls=None))


def operations_in_spec() -> dict[str, tuple[str, str, str]]:
    """operationId -> (METHOD, path, description)."""
    raw = spec_dict() or {}
    found = {}
    for path, item in raw.get("paths", {}).items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                found[op["operationId"]] = (method.upper(), path, op.get("description") or "")
    return found


def violations(openapi, response) -> list[str]:
    """Problems of one requests.Response (and its request) against the spec.

    The request is checked only when the sandbox accepted it (2xx): a request the real API
    would refuse must not succeed against the emulator either. The response is always checked.
    """
    from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

    problems = []
    request = RequestsOpenAPIRequest(response.request)
    if 200 <= response.status_code < 300:
        try:
            openapi.validate_request(request)
        except Exception as error:  # openapi-core raises a family of validation errors
            problems.append(f"request {response.request.method} {response.request.url}: {_explain(error)}")
    try:
        openapi.validate_response(request, RequestsOpenAPIResponse(response))
    except Exception as error:
        problems.append(
            f"response {response.status_code} to {response.request.method} {response.request.url}: "
            f"{_explain(error)}"
        )
    return problems


def _explain(error: Exception) -> str:
    parts = [f"{type(error).__name__}: {error}"]
    cause = error.__cause__
    while cause is not None:
        details = getattr(cause, "schema_errors", None)
        if details:
            parts.extend(f"  - {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in details[:10])
        else:
            parts.append(f"  caused by {type(cause).__name__}: {cause}")
        cause = cause.__cause__
    return "\n".join(parts)
