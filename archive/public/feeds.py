"""An Atom feed of newly published accounts, optionally for one language or hashtag.

Entries come from the public queryset only (archive/public/selectors.py): a hashtag is
looked up through the search engine, whose hits are re-checked against that queryset, so
the feed can never carry an account that is not public now. An entry holds the redacted
title, the content notes and a link, never the account's text: a feed reader shows
entries without the content notes first and the "Read this account" step.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from archive.public import selectors
from archive.search.query import SearchQuery
from archive.vocabulary import STORY_LANGUAGES

FEED_SIZE = 30


class NewAccountsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> dict:
        language = request.GET.get("language", "").strip().lower()
        hashtag = request.GET.get("hashtag", "").strip().lstrip("#").lower()
        if language and language not in {code.split("-")[0] for code in STORY_LANGUAGES}:
            raise Http404
        if hashtag and (len(hashtag) > 100 or not hashtag.replace("_", "").isalnum()):
            raise Http404
        return {"language": language, "hashtag": hashtag}

    def title(self, obj: dict) -> str:
        if obj["hashtag"]:
            return _("Chorus: new accounts with #%(tag)s") % {"tag": obj["hashtag"]}
        return _("Chorus: newly published accounts")

    def subtitle(self, obj: dict) -> str:
        return _("Each entry lists the account’s content notes; open the link to read it.")

    def link(self, obj: dict) -> str:
        return reverse("archive:story_list")

    def items(self, obj: dict):
        stories = selectors.public_stories()
        if obj["language"]:
            stories = stories.filter(language=obj["language"])
        if obj["hashtag"]:
            results = selectors.run_search(
                SearchQuery(
                    hashtags=(obj["hashtag"],),
                    languages=(obj["language"],) if obj["language"] else (),
                    sort="date",
                    page_size=FEED_SIZE,
                    with_facets=False,
                )
            )
            ids = [hit.story_id for hit in selectors.only_public_hits(results.hits)]
            stories = stories.filter(pk__in=ids)
        return stories[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.public_title or _("Untitled account")

    def item_description(self, item) -> str:
        notes = item.content_note_labels()
        if notes:
            return _("Content notes: %(notes)s") % {"notes": ", ".join(notes)}
        return _("No content notes were given for this account.")

    def item_link(self, item) -> str:
        return reverse("archive:story_detail", args=[item.public_id])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item) -> str:
        return item.public_author
