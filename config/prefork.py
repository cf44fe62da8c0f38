"""What a forking parent loads before it forks, so every child starts warm and shares it.

Django loads the URLconf (and with it every view module), the templates and the
translation catalogues lazily, at a process's first request: measured under load, a
freshly forked gunicorn worker took 1.4 s for its first trivial response. Loading them in
the parent (gunicorn's master, Celery's worker parent) moves that cost to start-up, once.
Nothing here touches the database or the cache, so a parent starts even while they are
down.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def _load_url_patterns() -> None:
    from django.urls import get_resolver

    get_resolver()._populate()


def _load_translations() -> None:
    from django.conf import settings
    from django.utils.translation import trans_real

    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)


def _compile_templates() -> None:
    """Compile every project template into the cached loader."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines

    engine = engines["django"]
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            try:
                engine.get_template(str(path.relative_to(root)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                # A fragment meant for {% include %} with a different loader path: skip it.
                continue


def prepare_web() -> None:
    """In the gunicorn master: load what the first request would, then freeze."""
    for step in (_load_url_patterns, _load_translations, _compile_templates):
        try:
            step()
        except Exception:
            # An optimisation only: the first request loads whatever is missing.
            logger.exception("Could not preload %s", step.__name__)
    freeze()


def freeze() -> None:
    """Close connections the parent opened, and keep the collector off shared pages.

    After `gc.freeze()` the objects loaded so far are never scanned again, so a child's
    garbage collection does not write to (and so un-share) every page holding them.
    """
    from django.db import connections

    connections.close_all()
    gc.collect()
    gc.freeze()
