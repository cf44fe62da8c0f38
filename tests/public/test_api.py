"""GET /api/v1/stories/, /api/v1/stories/{id}/, /api/v1/search/, /api/v1/stats/."""

from __future__ import annotations

import pytest

from tests.public.conftest import published

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = {
    "id",
    "url",
    "title",
    "body",
    "author",
    "language",
    "year",
    "country",
    "setting",
    "content_notes",
    "published_at",
}


def test_story_list_returns_redacted_text_and_public_metadata_only(client):
    story = published(
        title="Title",
        body="Call me on hidden.person@example.org",
        display_name="pseudonym",
        pseudonym="Lou",
        year=2018,
        country="FR",
        setting="workplace",
        content_notes=["harassment"],
    )

    body = client.get("/api/v1/stories/").json()

    assert body["count"] == 1
    [item] = body["results"]
    assert set(item) == PUBLIC_KEYS
    assert item["id"] == story.public_id
    assert item["body"] == story.public_body and "hidden.person" not in item["body"]
    assert item["author"] == "Lou"
    assert (item["year"], item["country"], item["setting"]) == (2018, "FR", "workplace")
    assert item["content_notes"] == ["harassment"]
    assert item["url"].endswith(f"/api/v1/stories/{story.public_id}/")


def test_story_detail_matches_the_list_item(client):
    story = published()
    listed = client.get("/api/v1/stories/").json()["results"][0]
    detail = client.get(f"/api/v1/stories/{story.public_id}/").json()
    assert detail == listed


def test_story_list_is_paginated_with_a_bounded_page_size(client):
    for i in range(7):
        published(title=f"Number {i}")

    body = client.get("/api/v1/stories/?page_size=3").json()
    assert body["count"] == 7 and len(body["results"]) == 3 and body["next"]
    assert len(client.get("/api/v1/stories/?page_size=1000").json()["results"]) == 7
    assert client.get("/api/v1/stories/?page=99").status_code == 404


def test_story_list_filters_by_public_metadata(client):
    fr = published(country="FR", year=2017, language="fr", setting="workplace")
    published(country="DE", year=2019, language="de", setting="education", content_notes=["rape"])

    def ids(query: str) -> list[str]:
        return [s["id"] for s in client.get(f"/api/v1/stories/?{query}").json()["results"]]

    assert ids("country=fr") == [fr.public_id]
    assert ids("year_to=2018") == [fr.public_id]
    assert ids("lang=fr") == [fr.public_id]
    assert ids("setting=workplace") == [fr.public_id]
    assert ids("hide=rape") == [fr.public_id]
    assert len(ids("country=FR,DE")) == 2
    assert client.get("/api/v1/stories/?setting=nowhere").status_code == 400


@pytest.mark.parametrize(
    "url", ["/api/v1/stories/", "/api/v1/stories/{id}/", "/api/v1/search/", "/api/v1/stats/"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_visitors_and_staff_cannot_write_to_public_endpoints(client, moderator, url, method):
    story = published()
    target = url.format(id=story.public_id)

    response = getattr(client, method)(target, data={"title": "x"}, content_type="application/json")
    assert response.status_code == 405

    client.force_login(moderator)
    response = getattr(client, method)(target, data={"title": "x"}, content_type="application/json")
    assert response.status_code == 405
    story.refresh_from_db()
    assert story.public_title != "x"


def test_statistics_endpoint_answers_with_the_suppressed_figures(client, settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 2}
    for _ in range(2):
        published(country="FR", year=2017)
    published(country="DE", year=2017)

    body = client.get("/api/v1/stats/").json()

    assert body["threshold"] == 2 and body["total"] == 3
    country = body["dimensions"]["country"]
    # Showing FR (2) with the total (3) would reveal the single DE account: FR joins the pool.
    assert country["cells"] == []
    assert country["other"] == 3 and country["suppressed_cells"] is True
    assert "DE" not in str(body)


def test_the_schema_documents_every_public_endpoint(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/stories/",
        "/api/v1/stories/{public_id}/",
        "/api/v1/search/",
        "/api/v1/stats/",
    ):
        assert set(schema["paths"][path]) == {"get"}
    params = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {
        "q",
        "lang",
        "year_from",
        "year_to",
        "country",
        "setting",
        "hashtag",
        "hide",
        "sort",
        "page",
    } <= params
