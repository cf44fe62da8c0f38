"""Every public surface shows the published, redacted account and nothing else.

The mixed archive (conftest.py) holds one published account and one account in every other
state (draft, awaiting consent, submitted, in review, changes requested, rejected,
withdrawn), plus a published account under embargo, one withdrawn, one rejected, one
erased and one whose author withdrew consent to publish after publication. All share the
search marker; none of their words, ids or the original's e-mail address may appear.
"""

from __future__ import annotations

import json

import pytest

from tests.public.conftest import MARKER, ORIGINAL_ONLY, assert_nothing_hidden_in

pytestmark = pytest.mark.django_db

SURFACES = [
    "/",
    "/stories/",
    "/stories/{visible}/",
    "/search/",
    f"/search/?q={MARKER}",
    "/search/?q=quokka",
    "/search/?q=%23metoo&sort=date",
    "/statistics/",
    "/api/v1/stories/",
    "/api/v1/stories/{visible}/",
    "/api/v1/search/",
    f"/api/v1/search/?q={MARKER}",
    "/api/v1/search/?q=quokka",
    "/api/v1/stats/",
]


@pytest.mark.parametrize("surface", SURFACES)
def test_public_surface_shows_only_the_published_redacted_account(client, mixed_archive, surface):
    response = client.get(surface.format(visible=mixed_archive.visible.public_id))

    assert response.status_code == 200
    text = response.content.decode()
    assert_nothing_hidden_in(text, mixed_archive)
    assert ORIGINAL_ONLY not in text


@pytest.mark.parametrize(
    "surface",
    [
        "/",
        "/stories/",
        "/stories/{visible}/",
        f"/search/?q={MARKER}",
        "/api/v1/stories/",
        f"/api/v1/search/?q={MARKER}",
    ],
)
def test_public_surface_does_show_the_published_account(client, mixed_archive, surface):
    text = client.get(surface.format(visible=mixed_archive.visible.public_id)).content.decode()
    assert mixed_archive.visible.public_id in text or "A readable account" in text
    assert "readable" in text.lower()


def test_redacted_text_replaces_the_original_on_the_story_page_and_api(client, mixed_archive):
    public_id = mixed_archive.visible.public_id
    page = client.get(f"/stories/{public_id}/").content.decode()
    api = client.get(f"/api/v1/stories/{public_id}/").json()

    assert "[e-mail]" in page
    assert "[e-mail]" in api["body"] and ORIGINAL_ONLY not in json.dumps(api)


@pytest.mark.parametrize("template", ["/stories/{id}/", "/api/v1/stories/{id}/"])
def test_hidden_accounts_are_indistinguishable_from_ids_that_never_existed(
    client, mixed_archive, template
):
    never = client.get(template.format(id="nosuchstory2345"))
    assert never.status_code == 404
    for public_id in mixed_archive.hidden_ids:
        response = client.get(template.format(id=public_id))
        assert response.status_code == 404
        assert response.content == never.content


def test_search_counts_only_the_published_account(client, mixed_archive):
    body = client.get(f"/api/v1/search/?q={MARKER}").json()
    assert body["count"] == 1
    assert [hit["id"] for hit in body["results"]] == [mixed_archive.visible.public_id]


def test_statistics_count_only_the_published_account(client, mixed_archive):
    body = client.get("/api/v1/stats/").json()
    assert body["total"] == 1
    years = [cell["value"] for cell in body["dimensions"]["year"]["cells"]]
    assert years == ["2017"]
    countries = [cell["value"] for cell in body["dimensions"]["country"]["cells"]]
    assert countries == ["FR"]
