"""Import a file of posts (an export or a research dataset) as accounts awaiting consent."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importers import FORMATS
from archive.importers.service import Report, batch_import_path
from archive.models import ImportBatch


def _mapping(value: str) -> dict[str, str]:
    """ "text=body,id=post_id" as {"text": "body", "id": "post_id"}."""
    pairs = [p for p in value.split(",") if p.strip()]
    try:
        return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in pairs)}
    except ValueError:
        raise CommandError("--map takes field=column pairs, e.g. text=body,id=post_id") from None


class Command(BaseCommand):
    help = (
        "Import posts from FILE (a Twitter/X, Mastodon or Facebook export, a twarc or API "
        "capture, or a CSV / JSON Lines dataset; a .zip or an extracted folder also works). "
        "Accounts land as 'awaiting consent' and are never published without a consent "
        "record. Prints the report as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), default="", help="default: detect")
        parser.add_argument(
            "--all", action="store_true", help="import every post, not only 'me too' ones"
        )
        parser.add_argument("--hashtag", action="append", default=[], help="also match this tag")
        parser.add_argument("--phrase", action="append", default=[], help="also match this phrase")
        parser.add_argument("--map", default="", help="CSV/JSONL columns: text=body,id=post_id")
        parser.add_argument("--encoding", default="", help="CSV encoding (default UTF-8)")
        parser.add_argument("--platform", default="", help="source platform recorded (CSV/JSONL)")
        parser.add_argument("--by", default="", help="e-mail of the staff member importing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(email__iexact=options["by"], is_staff=True).first()
            if by is None:
                raise CommandError(f"No staff account with the e-mail {options['by']}.")
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
                "mapping": _mapping(options["map"]),
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
