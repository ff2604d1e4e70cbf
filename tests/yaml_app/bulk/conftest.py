"""Session fixtures: a 300-row CSV imported and synthesized once, and the same plus one row.

Synthesis of 300 registrations costs seconds of jsii time per app, so the two apps are built once
and every synth test reads them.
"""

from __future__ import annotations

import pytest
from support.bulk_estates import ROWS, BulkEstate, synthesized


@pytest.fixture(scope="session")
def bulk_300(tmp_path_factory: pytest.TempPathFactory) -> BulkEstate:
    return synthesized(tmp_path_factory.mktemp("bulk-300"), ROWS)


@pytest.fixture(scope="session")
def bulk_301(tmp_path_factory: pytest.TempPathFactory) -> BulkEstate:
    return synthesized(tmp_path_factory.mktemp("bulk-301"), ROWS + 1)
