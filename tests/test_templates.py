"""Template comments never reach a page: Django's {# #} ends at the end of its line, so a
comment that runs onto a second line is printed as text to every reader."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOTS = [
    settings.BASE_DIR / "templates",
    settings.BASE_DIR / "archive",
    settings.BASE_DIR / "accounts",
]
OPEN_COMMENT = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def _templates() -> list[Path]:
    return [p for root in ROOTS for p in root.rglob("*.html") if ".venv" not in p.parts]


def test_no_template_has_a_one_line_comment_running_onto_a_second_line():
    assert _templates()
    broken = [
        f"{path.relative_to(settings.BASE_DIR)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for m in OPEN_COMMENT.finditer(text)
    ]
    assert broken == [], "use {% comment %} for comments longer than a line"


def test_the_footer_shows_no_template_comment(client, db):
    page = client.get("/contribute/").content.decode()
    assert "Get support" in page
    assert "{#" not in page and "#}" not in page


def test_every_page_names_its_icon_so_browsers_ask_no_missing_favicon(client, db):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon, "without it every page view asks for /favicon.ico and gets a 404"
    from django.contrib.staticfiles import finders

    assert finders.find(icon.group(1).removeprefix(settings.STATIC_URL))
