"""Deterministic registration names for CSV rows: a slug of the company name, made unique.

Why not row numbers: a name is a CloudFormation logical ID and decides the row's shard, so it must not
change when rows are inserted above it. The slug depends on the row's own content; a second row of
the same company (a second use case or region) gets the use case, then the region, and only as a last
resort a counter. A ``Name`` column overrides all of this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_LENGTH = 64  # the config's name pattern


def slug(text: str) -> str:
    """``'Harborline Pharmacy LLC'`` -> ``'harborline-pharmacy-llc'``; never empty."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:MAX_LENGTH].rstrip("-") or "registration"


class NameAllocator:
    """Hands out names unique among this CSV's rows, and never one a different business already has.

    ``existing`` maps names already in the config to their company names: re-importing the same CSV
    gets the same names back (so the rows update their entries in place), while a row of another
    company whose slug happens to match moves on to the next candidate.
    """

    def __init__(self, existing: Mapping[str, str] | None = None) -> None:
        self._existing = {name: slug(company) for name, company in (existing or {}).items()}
        self._used: set[str] = set()

    def reserve(self, name: str) -> None:
        self._used.add(name)

    def allocate(self, company: str, use_case: str, region: str) -> str:
        base = slug(company)
        candidates = [base, slug(f"{base}-{use_case}"), slug(f"{base}-{use_case}-{region}")]
        stem = candidates[-1][: MAX_LENGTH - 4]
        counter = 2
        while True:
            for candidate in candidates:
                if candidate not in self._used and self._existing.get(candidate, base) == base:
                    self._used.add(candidate)
                    return candidate
            candidates = [f"{stem}-{counter}"]
            counter += 1
