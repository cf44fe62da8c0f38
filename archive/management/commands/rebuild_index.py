"""Rebuild the search index in batches, with a progress bar."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from tqdm import tqdm

from archive.models import Story
from archive.search import index, vocabulary
from archive.search.models import SearchEntry
from archive.stories import public_view


class Command(BaseCommand):
    help = (
        "Rebuild every search entry from the public, redacted text (in this process, in "
        "batches), and remove entries of stories that are no longer public."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.SEARCH["BATCH_SIZE"],
            help="stories per transaction (default %(default)s)",
        )
        parser.add_argument(
            "--stale-only",
            action="store_true",
            help="only build missing or out-of-date entries (what the periodic sweep does)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, batch_size: int, stale_only: bool, no_progress: bool, **options):
        started = time.monotonic()
        if stale_only:
            ids = index.stale_story_ids()
            batches = (ids[i : i + batch_size] for i in range(0, len(ids), batch_size))
            expected = len(ids)
        else:
            batches = index.all_story_ids_in_batches(batch_size)
            expected = Story.objects.filter(
                Q(status="published") | Q(search_entry__isnull=False)
            ).count()
        written = 0
        with tqdm(
            total=expected, unit="stories", disable=no_progress, file=self.stderr
        ) as progress:
            for batch in batches:
                written += public_view.stories_indexed(batch, force=not stale_only)
                progress.update(len(batch))
        words = vocabulary.refresh()  # "Did you mean" words of the rebuilt index
        elapsed = time.monotonic() - started
        rate = written / elapsed if elapsed else 0.0
        self.stdout.write(
            f"{written} entries written, {SearchEntry.objects.count()} in the index "
            f"({elapsed:.1f} s, {rate:.0f} entries/s); {words} words for suggestions."
        )
