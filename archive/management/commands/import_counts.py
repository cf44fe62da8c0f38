"""Count a research dataset's "me too" posts without storing any of them."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from archive.counts.service import CountImportError, dataset_count_path
from archive.importers.service import ImportSettings
from archive.management.commands._importing import (
    add_reading_arguments,
    column_mapping,
    existing_file,
    staff_named,
)


class Command(BaseCommand):
    help = (
        "Count the 'me too' posts of FILE (any format import_posts reads) per day, language, "
        "hashtag or phrase, and country when the data has one. No text, post id or author is "
        "stored: only the counts, under the dataset's name, source and licence. Prints the "
        "report as JSON."
    )

    def add_arguments(self, parser):
        add_reading_arguments(
            parser,
            all_help="count every post",
            map_help="CSV/JSONL columns: text=body,country=cc",
        )
        parser.add_argument("--name", required=True, help="the dataset's name, shown publicly")
        parser.add_argument("--source", required=True, help="who published it, and where")
        parser.add_argument("--licence", required=True, help="the licence it is published under")
        parser.add_argument("--fictional", action="store_true", help="mark as demo data")

    def handle(self, *args, **options):
        path = existing_file(options)
        by = staff_named(options)
        how = ImportSettings(
            format=options["format"],
            match_all=options["all"],
            extra_hashtags=tuple(options["hashtag"]),
            extra_phrases=tuple(options["phrase"]),
            mapping=column_mapping(options["map"]),
            encoding=options["encoding"],
        )
        try:
            report = dataset_count_path(
                path=path,
                name=options["name"],
                source=options["source"],
                licence=options["licence"],
                how=how,
                by=by,
                fictional=options["fictional"],
            )
        except CountImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
