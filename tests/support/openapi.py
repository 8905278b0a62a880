"""Validation of real HTTP exchanges against the vendor's spec (../shared/carecloud/openapi.yaml).

The spec is never copied into the project: where ``../shared`` is absent, :func:`load_spec`
returns None and the checks that need it skip.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "carecloud" / "openapi.yaml"


@functools.lru_cache(maxsize=1)
def spec_dict() -> dict | None:
    if not SPEC_PATH.exists():
        return None
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.lru_cache(maxsize=4)
def load_spec(base_url: str):
    """An openapi-core validator whose server is the live sandbox at ``base_url``."""
    raw = spec_dict()
    if raw is None:
        return None
    from openapi_core import OpenAPI

    local = copy.deepcopy(raw)
    root = base_url.rstrip("/") + "/webservice/rest-api"
    local["servers"] = [{"url": f"{root}/{interface}/v1.0"}
                        for interface in ("customer-interface", "enterprise-interface")]
    for item in local.get("paths", {}).values():
        item.pop("servers", None)
    return OpenAPI.from_dict(local)


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
