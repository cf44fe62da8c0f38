"""What the two import commands (import_posts, import_counts) share: arguments and checks."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from archive.importers import FORMATS


def add_reading_arguments(parser, *, all_help: str, map_help: str) -> None:
    """The file and how to read and match it, as both commands take them."""
    parser.add_argument("file", type=Path)
    parser.add_argument("--format", choices=sorted(FORMATS), default="", help="default: detect")
    parser.add_argument("--all", action="store_true", help=all_help)
    parser.add_argument("--hashtag", action="append", default=[], help="also match this tag")
    parser.add_argument("--phrase", action="append", default=[], help="also match this phrase")
    parser.add_argument("--map", default="", help=map_help)
    parser.add_argument("--encoding", default="", help="CSV encoding (default UTF-8)")
    parser.add_argument("--by", default="", help="e-mail of the staff member importing")


def existing_file(options) -> Path:
    path: Path = options["file"]
    if not path.exists():
        raise CommandError(f"{path} does not exist.")
    return path


def staff_named(options):
    """The staff account given with --by, or None; a clear error for an unknown one."""
    if not options["by"]:
        return None
    by = get_user_model().objects.filter(email__iexact=options["by"], is_staff=True).first()
    if by is None:
        raise CommandError(f"No staff account with the e-mail {options['by']}.")
    return by


def column_mapping(value: str) -> dict[str, str]:
    """ "text=body,id=post_id" as {"text": "body", "id": "post_id"}."""
    pairs = [p for p in value.split(",") if p.strip()]
    try:
        return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in pairs)}
    except ValueError:
        raise CommandError("--map takes field=column pairs, e.g. text=body,id=post_id") from None
