"""The validate-time estimate of a messaging stack's resources against what synthesis really produces.

Why: ``check_stack_resources`` refuses a config at validate when its stack would pass CloudFormation's
500 resources (issue 13, finding 7). The estimate must never fall below the synthesized count, or a
config would pass validate and fail at deploy; and it must stay close, or valid configs are refused.
Also: a synth leaves no ``sms-estate-config-index-*`` folder in the system's temp folder.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.semantic import _stack_resources

MARGIN = 6  # the estimate may exceed the synthesized count by this much, never fall below it


def test_the_estimate_covers_every_sample_stack(sample_assembly: Assembly) -> None:
    for name in ("dev", "staging", "prod"):
        doc = yaml.safe_load((CONFIG_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        for region in doc["regions"]:
            actual = len(sample_assembly.stack(f"SmsEstate-{name}-{region}").resources)
            estimate = _stack_resources(doc, region)
            assert actual <= estimate <= actual + MARGIN, (name, region, actual, estimate)


def _every_kind_of_entry() -> dict[str, Any]:
    """Two of every entry the messaging stack builds, each destination type, registrations that lint clean."""
    prod = yaml.safe_load((CONFIG_DIR / "prod.yaml").read_text(encoding="utf-8"))
    template = copy.deepcopy(prod["registrations"][0])
    brand = template["fields"]["companyInfo.companyName"].split()[0]
    registrations = []
    for i, letter in enumerate("AB"):
        entry = json.loads(json.dumps(template).replace(brand, f"Brand{letter}"))
        entry.update(name=f"n{i}", phone_numbers=[f"n{i}"])
        entry.pop("region", None)
        registrations.append(entry)
    numbers = [
        {"name": f"n{i}", "number_type": "TOLL_FREE", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
        for i in range(4)
    ]
    destinations = [
        {"name": f"d-{kind}", "type": kind, "event_types": ["TEXT_ALL"]}
        for kind in ("cloudwatch_logs", "firehose", "sns")
    ]
    return {
        "environment": "every",
        "account": "111111111111",
        "regions": ["us-east-1"],
        "opt_out_lists": [{"name": "l0"}, {"name": "l1"}],
        "protect_configurations": [{"name": "pc0"}, {"name": "pc1"}],
        "sender_ids": [{"sender_id": f"SEND{i}", "iso_country_code": "GB"} for i in range(2)],
        "configuration_sets": [{"name": "cs0", "event_destinations": destinations}, {"name": "cs1"}],
        "phone_numbers": numbers,
        "pools": [
            {"name": f"p{i}", "phone_numbers": [f"n{i}"], "help_message": "Help: +12065550100.", "stop_message": "Bye."}
            for i in (2, 3)
        ],
        "registrations": registrations,
    }


def test_the_estimate_covers_every_kind_of_entry_and_synth_leaves_no_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR / "attachments", config / "attachments")
    doc = _every_kind_of_entry()
    (config / "every.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    out = tmp_path / "cdk.out"
    app, _ = build_app([load_environment(config / "every.yaml")], outdir=str(out))
    app.synth()
    actual = len(read_assembly(out).stack("SmsEstate-every-us-east-1").resources)
    assert actual <= _stack_resources(doc, "us-east-1") <= actual + MARGIN
    assert [path.name for path in private_tmp.iterdir() if path.name.startswith("sms-estate-config-index-")] == []
    layer_files = list(out.glob("asset.*/sms-estate/config-index.json"))
    assert len(layer_files) == 1
    assert set(json.loads(layer_files[0].read_text(encoding="utf-8"))) == {"n0", "n1"}
