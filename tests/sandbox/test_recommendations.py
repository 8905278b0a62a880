"""The sandbox's recommendations (getSubCustomerHintRecords): the demo customer's hint records in
the caller's language with absolute picture URLs, a deleted one never listed, none for anyone
else (the second customer), and another customer's refused to a customer token."""

from http import HTTPStatus

from portal.sandbox.seed import ids
from portal.sandbox.seed import recommendations as seed

PATH = "/customers/{}/recommendation-records"


def test_the_demo_customers_records_in_the_callers_language(sandbox):
    token = sandbox.customer_token()
    for language, first in (("en", "Whole bean coffee for home"), ("cs", "Zrnková káva domů")):
        response = sandbox.api().get(PATH.format(ids.DEMO_CUSTOMER), token=token, language=language)
        assert response.status_code == HTTPStatus.OK
        data = response.json()["data"]
        names = [r["name"] for r in data["recommendations"]]
        assert names[0] == first and len(names) == data["total_items"] == 3
        assert seed.RECOMMENDATION_DELETED not in [r["recommendation_id"] for r in data["recommendations"]]
        assert data["recommendations"][0]["picture_urls"][0].startswith("http")
        assert data["recommendations"][1]["picture_urls"] == []


def test_another_customer_has_none(sandbox):
    token = sandbox.customer_token(ids.SECOND_EMAIL, ids.SECOND_PASSWORD)
    response = sandbox.api().get(PATH.format(ids.SECOND_CUSTOMER), token=token)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["data"] == {"recommendations": [], "total_items": 0}


def test_another_customers_records_are_refused_to_a_customer_token(sandbox):
    response = sandbox.api().get(PATH.format(ids.SECOND_CUSTOMER), token=sandbox.customer_token(), validate=False)
    assert response.status_code == HTTPStatus.FORBIDDEN
