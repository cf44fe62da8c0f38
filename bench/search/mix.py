"""The benchmark's fixed query mix, shared with the plan test (tests/search/test_plans.py).

Each entry is (name, parameters of GET /api/v1/search/ with the search page's names).
"""

from __future__ import annotations

QUERIES: list[tuple[str, dict]] = [
    ("rare word", {"q": "storeroom"}),
    ("1.5% word", {"q": "manager"}),
    ("7% word", {"q": "afraid"}),
    ("phrase", {"q": '"first job"'}),
    ("OR", {"q": "manager OR silence"}),
    ("negation", {"q": "afraid -manager"}),
    ("hashtag (most accounts)", {"q": "#MeToo"}),
    ("movement words", {"q": "me too silence"}),
    ("word + language", {"q": "afraid", "language": ["fr"]}),
    (
        "word + year range + country",
        {"q": "manager", "year_from": 2015, "year_to": 2018, "country": ["GB", "US"]},
    ),
    ("word, by date", {"q": "afraid", "sort": "date"}),
    ("word, page 3", {"q": "manager", "page": 3}),
    ("browse all, by date", {}),
    ("filters only, hide notes", {"setting": ["workplace"], "hide": ["rape", "assault"]}),
    ("hashtag filter + word", {"q": "silence", "hashtag": ["balancetonporc", "metoo"]}),
    ("no results", {"q": "storeroom zzyzzyva"}),
]


def search_query(params: dict):
    from archive.search import SearchQuery

    return SearchQuery(
        text=params.get("q", ""),
        languages=tuple(params.get("language", ())),
        year_from=params.get("year_from"),
        year_to=params.get("year_to"),
        countries=tuple(params.get("country", ())),
        settings=tuple(params.get("setting", ())),
        hashtags=tuple(params.get("hashtag", ())),
        hide_content_notes=tuple(params.get("hide", ())),
        sort=params.get("sort", "relevance"),
        page=params.get("page", 1),
    )
