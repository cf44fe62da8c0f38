"""Load the offline language and name models before the first account needs them.

Both load lazily, once per process (lingua ~2 s, the name and place lists ~0.5 s). Web
processes warm them in a background thread at start-up (config/wsgi.py) and Celery worker
processes when they start (config/celery_app.py), so no contributor waits for them.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


def warm() -> None:
    from archive.anonymise import gazetteers
    from archive.search import text

    try:
        gazetteers.warm()
        text.detect_language("Warming up the language detector.")
    except Exception:
        # Warming is an optimisation: the first real call loads them anyway.
        logger.exception("Could not preload the language and name models.")


def warm_in_background() -> None:
    threading.Thread(target=warm, name="chorus-warmup", daemon=True).start()
