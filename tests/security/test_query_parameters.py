"""Numeric query parameters: a clear 400 on the API, a form error on pages, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/stories/?year_from=32768", "year_from"),
        ("/api/v1/stories/?year_to=32768", "year_to"),
        ("/api/v1/stories/?year_from=-99999999999", "year_from"),
        ("/api/v1/stories/?year_to=99999999999999999999", "year_to"),
        ("/api/v1/stories/?year_from=1.5", "year_from"),
        ("/api/v1/stories/?year_from=1e400", "year_from"),
        ("/api/v1/stories/?year_from=NaN", "year_from"),
        ("/api/v1/stories/?page=abc", "page"),
        ("/api/v1/stories/?page=0", "page"),
        ("/api/v1/stories/?page=-1", "page"),
        ("/api/v1/stories/?page=99999999999999999999999", "page"),
        ("/api/v1/search/?year_from=32768", "year_from"),
        ("/api/v1/search/?year_to=1e400", "year_to"),
        ("/api/v1/search/?page=99999999999999999999", "page"),
        ("/api/v1/search/?page=abc", "page"),
        ("/api/v1/search/?page_size=0", "page_size"),
        ("/api/v1/search/?page_size=99999999999999999999", "page_size"),
    ],
)
def test_out_of_range_number_on_the_api_is_a_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()


def test_a_year_inside_the_bounds_is_still_accepted(client):
    assert client.get("/api/v1/stories/?year_from=2017&year_to=2018").status_code == 200
    assert client.get("/api/v1/stories/?page=1").status_code == 200


def test_a_page_past_the_end_is_still_a_404(client):
    assert client.get("/api/v1/stories/?page=7").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/search/?year_from=32768",
        "/search/?year_to=1e400",
        "/search/?page=99999999999999999999",
        "/search/?page=abc",
    ],
)
def test_out_of_range_number_on_the_search_page_is_a_form_error(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "url", ["/stories/?page=99999999999999999999999", "/stories/?page=-5", "/stories/?page=x"]
)
def test_a_strange_page_number_on_the_list_page_shows_a_page_not_an_error(client, url):
    assert client.get(url).status_code == 200
