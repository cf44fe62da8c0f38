"""Small-cell suppression for every published count table: the one owner of the rule.

A table is a mapping from a cell (a value of one dimension) to the number of accounts in
it. Published counts must never let anyone learn that a small group exists:

1. Primary suppression: a cell counting fewer than `threshold` accounts is held back (its
   value is not named and its count not shown).
2. Secondary suppression, for tables whose cells add up to a published total (each
   account in exactly one cell, "not stated" included): the total minus the shown cells
   gives the sum of the held-back cells, so that sum must itself be safe. While the
   held-back cells count fewer than `threshold` accounts together, or are a single cell,
   the next smallest shown cell is held back too. Held-back cells are then shown only as
   one pooled "other" count, which is exactly what subtraction would give anyway.

So no held-back cell can be computed from the total and the shown cells: there are always
at least two of them, and their sum reaches the threshold. Tables that share a total (one
per dimension, all counting the same accounts) each pass this on their own, and one-way
margins of different dimensions constrain nothing about one another beyond that total.

Tables whose cells overlap (content notes: an account may carry several) add up to no
total, so only primary suppression applies; their pool is shown when it reaches the
threshold (it then holds at least two cells, since each is below the threshold).

Pure Python, no database: statistics, the API and any download call this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SuppressedTable:
    shown: dict[str, int]  # cells shown on their own, with their counts
    held_back: frozenset[str]  # cells not named and not counted on their own
    pooled: int | None  # the held-back cells' sum, when it may be shown; else None


def suppress_cells(
    counts: Mapping[str, int], *, threshold: int, adds_up_to_total: bool = True
) -> SuppressedTable:
    """Apply primary and (when `adds_up_to_total`) secondary suppression to `counts`.

    Cells counting zero are dropped. Deterministic: ties among candidates for secondary
    suppression are broken by the cell's key.
    """
    cells = {key: count for key, count in counts.items() if count > 0}
    held = {key for key, count in cells.items() if count < threshold}
    if adds_up_to_total and held:
        candidates = sorted((count, key) for key, count in cells.items() if key not in held)
        pool = sum(cells[key] for key in held)
        while (pool < threshold or len(held) < 2) and candidates:
            count, key = candidates.pop(0)
            held.add(key)
            pool += count
    pool = sum(cells[key] for key in held)
    return SuppressedTable(
        shown={key: count for key, count in cells.items() if key not in held},
        held_back=frozenset(held),
        pooled=pool if len(held) >= 2 and pool >= threshold else None,
    )
