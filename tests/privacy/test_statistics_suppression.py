"""Secondary suppression: no held-back group can be worked out from what is published.

Property tests over random small archives (hypothesis): for every published table, no
shown count is below the threshold, and the total minus the shown cells never isolates
one held-back cell, nor a sum below the threshold.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.public import stats
from archive.public.suppression import suppress_cells
from archive.vocabulary import ContentNote
from tests.public.conftest import published

ADDITIVE = ("year", "country", "setting", "language")

# Small value sets so that small cells, ties and empty groups are all common.
account = st.fixed_dictionaries(
    {
        "year": st.sampled_from(["", "2015", "2016", "2017", "2018"]),
        "country": st.sampled_from(["", "FR", "DE", "IS", "MT", "LU", "BE"]),
        "setting": st.sampled_from(["", "workplace", "school", "home", "online"]),
        "language": st.sampled_from(["en", "fr", "de", "it"]),
        "content_notes": st.lists(
            st.sampled_from([n.value for n in ContentNote][:5]), unique=True, max_size=3
        ),
    }
)


def _raw(archive: list[dict]) -> dict[str, dict[str, int]]:
    """What stats.raw_counts() returns for these accounts."""
    raw = {name: dict(Counter(a[name] for a in archive)) for name in ADDITIVE}
    notes = Counter(note for a in archive for note in a["content_notes"])
    raw["content_note"] = {note.value: notes.get(note.value, 0) for note in ContentNote}
    return raw


def _assert_safe(raw: dict[str, dict[str, int]], figures: stats.Statistics, k: int) -> None:
    total = sum(raw["year"].values())
    if figures.total is None:
        assert total < k and figures.dimensions == {}
        return
    assert figures.total == total >= k
    for name, dimension in figures.dimensions.items():
        truth = {value: n for value, n in raw[name].items() if n > 0}
        shown = {cell.value: cell.count for cell in dimension.cells}
        if dimension.not_stated is not None:
            shown[""] = dimension.not_stated
        # What is shown is true, and never a small count.
        assert all(truth[value] == n >= k for value, n in shown.items()), name
        assert dimension.other is None or dimension.other >= k
        held = {value: n for value, n in truth.items() if value not in shown}
        assert dimension.suppressed_cells == bool(held)
        if name in ADDITIVE:
            # The total minus the shown cells is the held-back pool: it must hold two or
            # more cells and reach the threshold, so no single held-back cell is derived.
            remainder = figures.total - sum(shown.values())
            assert remainder == sum(held.values())
            assert remainder == 0 or (len(held) >= 2 and remainder >= k), (name, truth, shown)
            assert dimension.other == (remainder or None)
        elif dimension.other is not None:
            assert len(held) >= 2 and dimension.other == sum(held.values())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(archive=st.lists(account, max_size=40), k=st.integers(min_value=2, max_value=6))
def test_no_published_table_lets_a_held_back_group_be_worked_out(archive, k):
    raw = _raw(archive)
    _assert_safe(raw, stats._suppressed(raw, k), k)


@settings(max_examples=300, deadline=None)
@given(
    counts=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 12), max_size=8),
    k=st.integers(min_value=1, max_value=8),
)
def test_the_suppression_owner_keeps_every_shown_cell_and_pool_safe(counts, k):
    table = suppress_cells(counts, threshold=k)
    assert all(n >= k for n in table.shown.values())
    held = [counts[key] for key in table.held_back]
    assert set(table.shown) | table.held_back == {key for key, n in counts.items() if n > 0}
    if held and sum(counts.values()) >= k:
        assert len(held) >= 2 and sum(held) >= k and table.pooled == sum(held)


def test_the_old_subtraction_attack_no_longer_reveals_a_single_account():
    # Five from France, one from Iceland: showing France beside the total 6 said "1 other".
    raw = _raw([{**_blank(), "country": "FR"}] * 5 + [{**_blank(), "country": "IS"}])
    country = stats._suppressed(raw, 5).dimensions["country"]
    assert country.cells == () and country.other == 6


def _blank() -> dict:
    return {"year": "2017", "country": "", "setting": "", "language": "en", "content_notes": []}


@pytest.mark.django_db
def test_the_page_and_the_api_publish_the_secondarily_suppressed_tables(client, settings):
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 3}
    for _ in range(3):
        published(country="FR")
    published(country="IS")

    body = client.get("/api/v1/stats/").json()
    html = client.get("/statistics/").content.decode()

    country = body["dimensions"]["country"]
    assert body["total"] == 4 and country["cells"] == [] and country["other"] == 4
    assert '<th scope="row">FR</th>' not in html and "IS" not in str(country)
