"""The sharding rule and the config checks of the bulk section."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.bulk_estates import imported_environment
from support.csv_samples import rows, write_csv, write_environment

from sms_estate.cli.main import main
from sms_estate.yaml_app.bulk.shard_key import shard_of, shard_stack_name
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.semantic import Findings
from sms_estate.yaml_app.config.shard_checks import check_shard_capacity
from sms_estate.yaml_app.errors import ConfigError


def test_the_shard_is_the_first_8_bytes_of_sha256_of_the_name_modulo_shards() -> None:
    # sha256(b"acme") starts 82 2b 33 ad 87 c1 48 a0: 0x822b33ad87c148a0 % 7 == 2. Pinned, so a change of
    # rule (or Python's salted hash()) cannot slip in unnoticed: it would move every deployed row.
    assert 0x822B33AD87C148A0 % 7 == 2
    assert shard_of("acme", 7) == 2
    assert shard_of("acme", 8) == 0x822B33AD87C148A0 % 8


def test_a_name_keeps_its_shard_whatever_other_names_exist() -> None:
    names = [f"company-{i}" for i in range(200)]
    alone = {name: shard_of(name, 8) for name in names}
    with_more = {name: shard_of(name, 8) for name in reversed([*names, "newcomer"])}
    assert {name: with_more[name] for name in names} == alone
    assert len(set(alone.values())) == 8  # and the rule spreads rows over every shard


def test_shard_stack_names_are_stable_and_readable() -> None:
    assert shard_stack_name("prod", "us-east-1", 3) == "SmsEstate-prod-us-east-1-registrations-3"


def test_a_shard_over_capacity_is_a_config_error_naming_the_shard(tmp_path: Path) -> None:
    config = imported_environment(tmp_path, 90, shards=2)  # about 45 rows per shard: fits
    config.write_text(config.read_text().replace("shards: 2", "shards: 1"))  # 45 + 90 rows x 4 resources > 400
    with pytest.raises(ConfigError) as error:
        load_environment(config)
    assert "SmsEstate-bulk-us-east-1-registrations-0 would hold about 405 resources" in error.value.render()
    assert "raise bulk.shards above 1" in error.value.render()


def test_a_registered_number_cannot_be_a_pool_member_with_bulk(tmp_path: Path) -> None:
    config = imported_environment(tmp_path, 2, shards=2)
    data = yaml.safe_load(config.read_text())
    member = data["phone_numbers"][0]["name"]
    data["pools"] = [
        {"name": "p", "phone_numbers": [member], "help_message": "Help: call us.", "stop_message": "Stopped."}
    ]
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError) as error:
        load_environment(config)
    assert "pools[0].phone_numbers[0]" in error.value.render() and "shard stacks" in error.value.render()


def test_import_refuses_rows_that_would_overfill_a_shard(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = write_csv(tmp_path / "many.csv", rows(90))
    config = write_environment(tmp_path, "bulk")
    assert main(["import-csv", str(csv_path), "--env", str(config), "--shards", "1"]) == 2
    err = capsys.readouterr().err
    assert "bulk.shards: shard SmsEstate-bulk-us-east-1-registrations-0 would hold about 405 resources" in err
    assert "registrations" not in config.read_text()


def test_rows_too_large_for_one_custom_resource_request_are_refused_naming_the_shard() -> None:
    """Long fields fill a rows resource's payload before the shard runs out of resources."""
    long_fields = {f"messageSamples.messageSample{i}": "x" * 2000 for i in range(1, 11)}  # ~20 KB per row
    doc = {
        "environment": "bulk",
        "regions": ["us-east-1"],
        "bulk": {"shards": 1},
        "registrations": [{"name": f"r{i}", "phone_numbers": [f"r{i}"], "fields": long_fields} for i in range(60)],
    }
    findings = Findings()
    check_shard_capacity(doc, Path("bulk.yaml"), findings)
    messages = [message for path, message in findings.errors if path == "bulk.shards"]
    assert messages and all("SmsEstate-bulk-us-east-1-registrations-0 would send about" in m for m in messages)
    assert not any("resources (budget" in m for m in messages)  # 45 + 240 resources still fit
