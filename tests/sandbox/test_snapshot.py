"""The sandbox's reset (portal/sandbox/snapshot.py): the first seeds and keeps a copy, the next put
the copy back; either way what a test changed is gone and the seed data is as seeded."""

from http import HTTPStatus

from .test_customers import writable


def test_every_reset_puts_back_the_seed_data(fresh_sandbox, customer_api, ids):
    def demo():
        token = fresh_sandbox.customer_token()
        response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=token)
        assert response.status_code == HTTPStatus.OK
        return token, response.json()["data"]

    _token, seeded = demo()
    for _ in range(3):  # the first reset may seed; the ones right after it use the copy
        token, customer = demo()
        changed = writable(customer)
        changed["customer"]["personal_information"]["first_name"] = "Changed"
        assert customer_api.put(f"/customers/{ids.DEMO_CUSTOMER}", token=token, json=changed).status_code in (
            HTTPStatus.OK, HTTPStatus.NO_CONTENT)
        assert demo()[1]["personal_information"]["first_name"] == "Changed"
        fresh_sandbox.reset()
        # the token made after the seeding is gone with the rest of what changed
        assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=token).status_code == HTTPStatus.UNAUTHORIZED
        assert demo()[1] == seeded
