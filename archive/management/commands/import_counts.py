"""Count a research dataset's "me too" posts without storing any of them."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from archive.counts.service import CountImportError, dataset_count_path
from archive.importers import FORMATS
from archive.importers.service import ImportSettings
from archive.management.commands.import_posts import _mapping


class Command(BaseCommand):
    help = (
        "Count the 'me too' posts of FILE (any format import_posts reads) per day, language, "
        "hashtag or phrase, and country when the data has one. No text, post id or author is "
        "stored: only the counts, under the dataset's name, source and licence. Prints the "
        "report as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help="the dataset's name, shown publicly")
        parser.add_argument("--source", required=True, help="who published it, and where")
        parser.add_argument("--licence", required=True, help="the licence it is published under")
        parser.add_argument("--format", choices=sorted(FORMATS), default="", help="default: detect")
        parser.add_argument("--all", action="store_true", help="count every post")
        parser.add_argument("--hashtag", action="append", default=[], help="also match this tag")
        parser.add_argument("--phrase", action="append", default=[], help="also match this phrase")
        parser.add_argument("--map", default="", help="CSV/JSONL columns: text=body,country=cc")
        parser.add_argument("--encoding", default="", help="CSV encoding (default UTF-8)")
        parser.add_argument("--by", default="", help="e-mail of the staff member importing")
        parser.add_argument("--fictional", action="store_true", help="mark as demo data")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(email__iexact=options["by"], is_staff=True).first()
            if by is None:
                raise CommandError(f"No staff account with the e-mail {options['by']}.")
        how = ImportSettings(
            format=options["format"],
            match_all=options["all"],
            extra_hashtags=tuple(options["hashtag"]),
            extra_phrases=tuple(options["phrase"]),
            mapping=_mapping(options["map"]),
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
