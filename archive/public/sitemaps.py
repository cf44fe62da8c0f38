"""The sitemap: the public pages and every public account, nothing else.

Accounts come from the public queryset (archive/public/selectors.py), so a withdrawn or
unpublished account is absent from the next request's sitemap.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.public import selectors


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "archive:story_list",
            "archive:search",
            "archive:statistics",
            "archive:support",
            "archive:contribute_start",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class AccountsSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return selectors.public_stories()

    def location(self, item) -> str:
        return reverse("archive:story_detail", args=[item.public_id])

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {"pages": PagesSitemap, "accounts": AccountsSitemap}
