"""The demo data shows the magnitude: every chart has something to show, all fictional."""

from __future__ import annotations

import pytest
from django.test import TestCase

from archive.counts.demo import DEMO_PLATFORM, demo_accounts_load, demo_dataset_load
from archive.counts.models import CountedDataset
from archive.models import Story
from archive.public import charts
from archive.stories.audit import verify_chain

FICTIONAL = ("Fictional", "fictif", "ficticio", "fittizio", "Fiktiv")


@pytest.mark.django_db
def test_demo_data_gives_every_chart_cells_of_five_or_more_and_says_it_is_fictional():
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert demo_accounts_load() == 300
    assert demo_dataset_load() > 0
    assert demo_accounts_load() == 0 and demo_dataset_load() == 0  # idempotent

    for chart in charts.all_charts():
        shown = [n for row in chart.rows for n in row.counts if n is not None]
        assert len(shown) >= 3, chart.slug
        assert min(shown) >= 5, chart.slug
    stories = Story.objects.filter(source_platform=DEMO_PLATFORM)
    assert stories.count() == Story.objects.public().filter(source_platform=DEMO_PLATFORM).count()
    assert all(any(word in s.public_body for word in FICTIONAL) for s in stories)
    assert all(s.public_title.startswith("Fictional demo account") for s in stories)
    assert CountedDataset.objects.get().fictional
    assert list(verify_chain()) == []
