from http import HTTPStatus

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "cs"])
def test_unknown_page_is_the_404_page(client, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f'href="/{language}/"' in html  # home in the same language
    if language == "en":
        assert "Page not found" in html


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_500_page_renders_without_a_request_context(language):
    with translation.override(language):
        html = render_to_string("500.html")
    assert f'<html lang="{language}">' in html
    assert "portal.css" in html
    assert "<h1>" in html
