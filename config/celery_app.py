from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("chorus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _warm_models(**_kwargs) -> None:
    """In the worker's parent, before it forks its pool: every child inherits the models
    instead of loading its own copy (archive/warmup.py)."""
    from archive.warmup import warm
    from config.prefork import freeze

    warm()
    freeze()
