"""Every sample template is byte-identical to the recorded one (asset hash masked): see support/template_fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

from support.template_fingerprints import FILE, fingerprint, mismatches

from sms_estate.cli.assembly import Assembly

SAMPLES = ("SmsEstate-dev-", "SmsEstate-staging-", "SmsEstate-prod-")


def test_sample_templates_are_byte_identical_to_the_record(sample_assembly: Assembly) -> None:
    assert mismatches(sample_assembly.directory, SAMPLES) == []


def test_a_changed_template_is_reported_by_name(tmp_path: Path) -> None:
    recorded = json.loads(FILE.read_text(encoding="utf-8"))
    name = next(n for n in recorded if n.startswith("SmsEstate-dev-"))
    (tmp_path / name).write_text('{"Resources": {}}', encoding="utf-8")
    assert name in mismatches(tmp_path, ("SmsEstate-dev-",))


def test_only_the_asset_hash_is_masked(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_text('{"S3Key": "' + "a" * 64 + '.zip"}')
    b.write_text('{"S3Key": "' + "b" * 64 + '.zip"}')
    c.write_text('{"S3Key": "' + "b" * 63 + '.zip"}')
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)
