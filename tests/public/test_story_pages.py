"""Story pages (/stories/<public_id>/) and the archive listing (/stories/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.stories import services
from tests.public.conftest import published, run_on_commit

pytestmark = pytest.mark.django_db


def test_story_page_puts_content_notes_before_the_text_behind_a_read_control(client):
    story = published(
        title="At the office",
        body="The words of this account.",
        content_notes=["harassment", "stalking"],
    )

    html = client.get(f"/stories/{story.public_id}/").content.decode()

    notes_at = html.index("Stalking")
    read_control_at = html.index("<summary>Read this account</summary>")
    text_at = html.index("The words of this account.")
    assert notes_at < read_control_at < text_at
    assert "<details" in html[notes_at:text_at]
    assert "Sexual harassment" in html


def test_story_page_names_the_author_only_as_they_chose(client):
    anonymous = published(display_name="anonymous", pseudonym="Ignored")
    named = published(display_name="pseudonym", pseudonym="Marguerite")

    assert "Anonymous" in client.get(f"/stories/{anonymous.public_id}/").content.decode()
    assert "Ignored" not in client.get(f"/stories/{anonymous.public_id}/").content.decode()
    assert "Marguerite" in client.get(f"/stories/{named.public_id}/").content.decode()


def test_story_page_shows_public_metadata_and_a_report_link(client):
    story = published(year=2017, country="fr", setting="education", language="fr")

    html = client.get(f"/stories/{story.public_id}/").content.decode()

    # The country by its name in the reader's language, not its code.
    assert "2017" in html and "France" in html and "School or university" in html
    assert reverse("archive:report", args=[story.public_id]) in html
    assert "Report this account" in html


def test_story_page_escapes_markup_in_the_account(client):
    story = published(title="<b>bold</b>", body="<script>alert(1)</script> happened")

    html = client.get(f"/stories/{story.public_id}/").content.decode()

    assert "<script>alert" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_visitors_cannot_post_to_story_pages(client):
    story = published()
    for url in ("/stories/", f"/stories/{story.public_id}/", "/search/", "/statistics/"):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_archive_listing_pages_through_every_public_account(client):
    stories = [published(title=f"Account number {i}") for i in range(23)]

    first = client.get("/stories/").content.decode()
    second = client.get("/stories/?page=2").content.decode()

    assert "23 accounts" in first
    assert "Page 1 of 2" in first and 'rel="next"' in first and "page=2" in first
    assert stories[-1].public_title in first and stories[0].public_title not in first
    assert stories[0].public_title in second and 'rel="prev"' in second
    assert client.get("/stories/?page=99").status_code == 200  # last page, not an error


def test_every_card_links_to_its_story_page_as_reverse_gives_it(client):
    stories = [published(title=f"Linked {i}") for i in range(3)]
    for path in ("/stories/", "/"):
        html = client.get(path).content.decode()
        for story in stories:
            address = reverse("archive:story_detail", args=[story.public_id])
            assert html.count(f'href="{address}"') == 2, path  # the title and "read"


def test_the_listing_total_is_exact_and_counts_what_is_shown(client):
    published(title="Kept", content_notes=["stalking"])
    leaving = published(title="Leaving")
    assert "2 accounts" in client.get("/stories/").content.decode()

    run_on_commit(services.story_withdraw, story=leaving)

    assert "1 account" in client.get("/stories/").content.decode()
    assert "0 accounts" in client.get("/stories/?hide_set=1&hide=stalking").content.decode()


def test_archive_listing_keeps_each_text_folded_behind_its_content_notes(client):
    published(title="Folded", body="Folded words here.", content_notes=["assault"])

    html = client.get("/stories/").content.decode()
    card = html[html.index('class="story-card"') :]

    assert card.index("Sexual assault") < card.index("<details") < card.index("Folded words here.")


def test_hidden_content_notes_are_remembered_for_the_visit(client):
    published(title="About stalking", content_notes=["stalking"])
    published(title="About online abuse", content_notes=["online_abuse"])

    chosen = client.get("/stories/?hide_set=1&hide=stalking").content.decode()
    later = client.get("/stories/").content.decode()
    elsewhere = client.get("/search/").content.decode()

    for html in (chosen, later, elsewhere):
        assert "About stalking" not in html
        assert "About online abuse" in html
    assert 'value="stalking" checked' in later

    cleared = client.get("/stories/?hide_set=1").content.decode()
    assert "About stalking" in cleared


def test_the_hidden_notes_choice_ends_with_the_browser_session(client):
    client.get("/stories/?hide_set=1&hide=rape")

    cookie = client.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_a_visitor_who_hides_nothing_gets_no_session(client):
    published()
    client.get("/stories/?hide_set=1")
    client.get("/search/")
    assert "sessionid" not in client.cookies


def test_story_page_says_when_the_account_has_a_note_the_visitor_hides(client):
    story = published(content_notes=["stalking"])
    client.get("/stories/?hide_set=1&hide=stalking")

    html = client.get(f"/stories/{story.public_id}/").content.decode()

    assert "You chose to hide accounts about Stalking" in html


def test_navigation_links_to_the_archive_search_and_statistics(client):
    html = client.get("/").content.decode()
    for name in ("archive:story_list", "archive:search", "archive:statistics"):
        assert f'href="{reverse(name)}"' in html


def test_public_pages_carry_no_inline_code(client):
    story = published()
    for url in ("/stories/", f"/stories/{story.public_id}/", "/search/?q=work", "/statistics/"):
        html = client.get(url).content.decode()
        assert "style=" not in html and "<script>" not in html
        assert "http://" not in html.replace("http://testserver", "")
