"""The vendor's spec, which every exchange of the tests is validated against, is itself a valid
OpenAPI document: checked once here (tests/support/openapi.py loads it without the check, which
costs some 3 s of CPU per load)."""

import copy

from tests.support import openapi


def test_the_vendor_spec_is_a_valid_openapi_document():
    openapi.skip_without_spec()
    from openapi_core import OpenAPI

    OpenAPI.from_dict(copy.deepcopy(openapi.spec_dict()))  # openapi-core's check of the document: raises
