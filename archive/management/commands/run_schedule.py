"""The periodic tasks of CELERY_BEAT_SCHEDULE, run in this process: beat for the embedded default.

With no broker there is no worker and no `celery beat`, yet the sweeps are what keeps
promises: originals erased after the retention window, abandoned drafts erased, lost
indexing found again, stuck imports expired. `bin/run` starts this beside the web server.
Each task runs in-process at its interval (the first time at start), one at a time; a
task that fails is logged by name and tried again at its next turn, never stopping the
others. With a broker configured, run `celery beat` instead (docs/deployment.md).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.celery_app import app

logger = logging.getLogger(__name__)


def run_due(schedule: dict, due: dict[str, float], now: float) -> list[str]:
    """Run every entry of `schedule` whose time has come; return the names that failed."""
    failed = []
    for name, entry in schedule.items():
        if due.get(name, now) > now:
            continue
        due[name] = now + float(entry["schedule"])
        try:
            app.tasks[entry["task"]].apply(throw=True)
        except Exception as error:
            # The class only: a task's error can quote a story's text.
            logger.error("Periodic task %s failed (%s)", name, type(error).__name__)
            failed.append(name)
    return failed


class Command(BaseCommand):
    help = (
        "Run the periodic tasks (erasures, sweeps) in this process when no broker is "
        "configured: what `celery beat` and a worker do in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every task once, then stop")

    def handle(self, *args, once: bool, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "A broker is configured (CELERY_BROKER_URL): run `celery -A config beat` "
                "and a worker instead, so the tasks do not run twice."
            )
        app.loader.import_default_modules()
        schedule = settings.CELERY_BEAT_SCHEDULE
        missing = sorted(e["task"] for e in schedule.values() if e["task"] not in app.tasks)
        if missing:
            raise CommandError(f"Unknown periodic tasks: {', '.join(missing)}")
        due: dict[str, float] = {}
        while True:
            failed = run_due(schedule, due, time.monotonic())
            if once:
                if failed:
                    raise CommandError(f"Failed: {', '.join(failed)}")
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))
