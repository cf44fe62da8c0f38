"""Import a file of posts (an export or a research dataset) as accounts awaiting consent."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importers.service import Report, batch_import_path
from archive.management.commands._importing import (
    add_reading_arguments,
    column_mapping,
    existing_file,
    staff_named,
)
from archive.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import posts from FILE (a Twitter/X, Mastodon or Facebook export, a twarc or API "
        "capture, or a CSV / JSON Lines dataset; a .zip or an extracted folder also works). "
        "Accounts land as 'awaiting consent' and are never published without a consent "
        "record. Prints the report as JSON."
    )

    def add_arguments(self, parser):
        add_reading_arguments(
            parser,
            all_help="import every post, not only 'me too' ones",
            map_help="CSV/JSONL columns: text=body,id=post_id",
        )
        parser.add_argument("--platform", default="", help="source platform recorded (CSV/JSONL)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = existing_file(options)
        by = staff_named(options)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.DATASET,
            format=options["format"],
            original_filename=path.name,
            created_by=by,
            state=ImportBatch.State.RUNNING,
            options={
                "match_all": options["all"],
                "extra_hashtags": options["hashtag"],
                "extra_phrases": options["phrase"],
                "mapping": column_mapping(options["map"]),
                "encoding": options["encoding"],
                "platform": options["platform"],
            },
        )
        bar = tqdm(
            unit=" posts",
            disable=options["no_progress"],
            file=self.stderr._out,
            dynamic_ncols=True,
        )

        def progress(report: Report) -> None:
            data = report.as_dict()
            bar.update(data["read"] - bar.n)
            bar.set_postfix(
                matched=data["matched"],
                imported=data["imported"],
                skipped=data["skipped"],
                errors=data["errors"],
            )

        state = batch_import_path(batch=batch, path=path, progress=progress)
        bar.close()
        batch.refresh_from_db()
        result = {
            "batch": batch.pk,
            "state": state,
            "error": batch.error,
            **batch.options.get("report", {}),
            "problems": batch.errors,
        }
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        if state == ImportBatch.State.FAILED:
            raise CommandError(batch.error)
