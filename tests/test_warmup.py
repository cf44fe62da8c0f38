from __future__ import annotations

from archive import warmup
from archive.anonymise import gazetteers
from archive.search import text


def test_warming_loads_the_language_detector_and_the_name_lists_once():
    text._detector.cache_clear()
    gazetteers._bundle.cache_clear()

    warmup.warm()

    assert text._detector.cache_info().currsize == 1
    assert gazetteers._bundle.cache_info().currsize == 1
