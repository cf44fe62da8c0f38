"""Load the offline language and name models before the first account needs them.

Both load lazily, once per process (lingua ~2 s, the name and place lists ~0.5 s). Under
gunicorn with `preload_app` they load once in the master, before the workers fork, so
every worker shares them and serves at once (config/gunicorn.conf.py); other web servers
warm them in a background thread at start-up (config/wsgi.py). The Celery worker's parent
warms them before it forks its pool (config/celery_app.py). `/readyz` asks `is_warm()`.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)
# Set once both models have answered a call; a forked worker inherits it with the models.
_warmed = threading.Event()


def warm() -> None:
    from archive.anonymise import gazetteers, learned
    from archive.search import text

    try:
        gazetteers.warm()
        learned.shipped()  # the second opinion's weights, shared by forked workers too
        text.detect_language("Warming up the language detector.")
        _warmed.set()
    except Exception:
        # Warming is an optimisation: the first real call loads them anyway.
        logger.exception("Could not preload the language and name models.")


def is_warm() -> bool:
    """Whether `warm()` has finished in this process (cheap: nothing is loaded here)."""
    return _warmed.is_set()


def warm_in_background() -> None:
    threading.Thread(target=warm, name="chorus-warmup", daemon=True).start()


def warm_at_start(mode: str) -> None:
    """settings.WARM_MODELS: "now" (a gunicorn master that forks after), "background"
    (a server that does not fork: answer at once, warm meanwhile), or "off"."""
    if mode == "now":
        warm()
    elif mode == "background":
        warm_in_background()
