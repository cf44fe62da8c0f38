from __future__ import annotations

import gc
import logging

from django.template import engines

from config import prefork


def test_the_forking_parent_loads_pages_without_the_database(caplog):
    # No django_db mark: a query here would raise, and be logged as a failed step.
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        loader.reset()
    try:
        with caplog.at_level(logging.ERROR, logger="config.prefork"):
            prefork.prepare_web()
    finally:
        gc.unfreeze()

    assert not caplog.records
    cached = engine.template_loaders[0].get_template_cache
    assert "base.html" in cached
    assert "archive/story_list.html" in cached
