"""The 300-row bulk estate's templates are byte-identical to the recorded ones (see support/template_fingerprints)."""

from __future__ import annotations

from support.bulk_estates import BulkEstate
from support.template_fingerprints import mismatches


def test_bulk_templates_are_byte_identical_to_the_record(bulk_300: BulkEstate) -> None:
    assert mismatches(bulk_300.assembly.directory, ("SmsEstate-bulk-",)) == []
