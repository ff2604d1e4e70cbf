"""``sms-estate status`` on a bulk environment: rollout progress read from the shard ledgers.

Everything runs through ``sms_estate.cli.main.main`` with boto3's default session pointed at in-process
SMS, SSM and DynamoDB fakes (``fakes.default_session``): the command builds its own clients, botocore
paginates for real (the SSM fake pages one parameter at a time, the DynamoDB fake four items).
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from fakes.default_session import RegionalFakes
from support.bulk_estates import imported_environment
from support.bulk_ledgers import ledger_table, publish_ledger, seed_ledger

from sms_estate.cli.main import main
from sms_estate.yaml_app.bulk.sharding import Shard, shards_in
from sms_estate.yaml_app.config import Environment, load_environment
from sms_runtime.bulk.ledger import CREATING, DONE, FAILED, PENDING, RECONCILING

# Cycled over each shard's rows in order: 6 rows give 2 done, 1 failed, 1 reconciling, 1 pending, 1 creating.
CYCLE = (DONE, DONE, RECONCILING, PENDING, FAILED, CREATING)


@pytest.fixture(scope="module")
def bulk_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 imported rows in us-east-1 over 2 shards (17 and 13 rows); nothing in us-west-2."""
    return imported_environment(tmp_path_factory.mktemp("bulk-status") / "config", 30, shards=2)


@pytest.fixture
def environment(bulk_config: Path) -> Environment:
    return load_environment(bulk_config)


@pytest.fixture
def shards(environment: Environment) -> list[Shard]:
    shards = shards_in(environment, "us-east-1")
    assert [(s.index, len(s.registrations)) for s in shards] == [(0, 17), (1, 13)]
    assert shards_in(environment, "us-west-2") == []
    return shards


def _install(environment: Environment, monkeypatch: pytest.MonkeyPatch) -> RegionalFakes:
    fakes = RegionalFakes(environment.regions, environment.account, ssm_page_size=1, scan_page_size=4)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", fakes.session())
    return fakes


@pytest.fixture
def fakes(environment: Environment, monkeypatch: pytest.MonkeyPatch, no_aws_credentials: None) -> RegionalFakes:
    return _install(environment, monkeypatch)


def _seed_every_shard(fakes: RegionalFakes, shards: list[Shard]) -> None:
    """Every shard's ledger as ``_outcomes`` describes it."""
    for shard in shards:
        seed_ledger(fakes, shard, _outcomes(shard))


def _outcomes(shard: Shard) -> list[tuple[str, str]]:
    outcomes = []
    for index, registration in enumerate(shard.registrations):
        status = CYCLE[index % len(CYCLE)]
        detail = {DONE: "SUBMITTED", FAILED: f"ValidationException: {registration.name}: taxId is not valid"}
        outcomes.append((status, detail.get(status, "")))
    return outcomes


def _status(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["status", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _bulk_section(out: str) -> list[str]:
    assert out.count("== bulk rollout ==") == 1, out
    return out.split("== bulk rollout ==")[1].splitlines()


def _cells(section: list[str], first: str, second: str = "") -> list[str]:
    """The whitespace-split cells of the table line starting with ``first`` (and ``second``)."""
    rows = [line.split() for line in section if line.split()[:1] == [first]]
    rows = [cells for cells in rows if not second or cells[1] == second]
    assert len(rows) == 1, (first, second, section)
    return rows[0]


def test_status_shows_rows_done_out_of_total_by_status_per_shard_and_in_total(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    section = _bulk_section(_status([str(bulk_config)], capsys))
    print("\n".join(section))
    assert _cells(section, "REGION") == [
        "REGION",
        "SHARD",
        "DONE/TOTAL",
        "PENDING",
        "CREATING",
        "RECONCILING",
        "DONE",
        "FAILED",
        "NOTE",
    ]
    # 17 rows: 3 full cycles (6 each) minus one CREATING; 13 rows: 2 cycles + one DONE.
    assert _cells(section, "us-east-1", "0") == ["us-east-1", "0", "9/17", "3", "2", "3", "6", "3"]
    assert _cells(section, "us-east-1", "1") == ["us-east-1", "1", "7/13", "2", "2", "2", "5", "2"]
    assert _cells(section, "TOTAL") == ["TOTAL", "16/30", "5", "4", "5", "11", "5"]
    assert "Failed rows (5)" in section
    expected = {
        registration.name: (f"us-east-1/{shard.index}", reason)
        for shard in shards
        for registration, (status, reason) in zip(shard.registrations, _outcomes(shard), strict=True)
        if status == FAILED
    }
    listed = {
        cells[1]: (cells[0], " ".join(cells[2:]))
        for cells in map(str.split, section)
        if cells[:1] in (["us-east-1/0"], ["us-east-1/1"])
    }
    assert listed == expected
    assert "more failed rows" not in "\n".join(section)


def test_status_reads_every_page_of_parameters_and_ledger_items(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    fakes.ssm["us-east-1"].put("/sms-estate/other-env/bulk-ledgers/us-east-1-0/table", "not-ours")
    fakes.ssm["us-east-1"].put("/sms-estate/bulk/phone-numbers/x/id", "phone-number-x")
    _status([str(bulk_config)], capsys)
    # two shard parameters, one per page; 17 and 13 items, four per page
    assert fakes.ssm["us-east-1"].calls == ["GetParametersByPath"] * 2
    assert fakes.dynamodb["us-east-1"].calls.count("Scan") == 5 + 4
    assert fakes.ssm["us-west-2"].calls == ["GetParametersByPath"] and fakes.dynamodb["us-west-2"].calls == []


def test_failed_rows_are_capped_with_how_many_more_and_long_reasons_shortened(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = "HandlerError: " + "the field value is not accepted; " * 20
    for shard in shards:
        seed_ledger(fakes, shard, [(FAILED, reason)] * len(shard.registrations))
    section = _bulk_section(_status([str(bulk_config)], capsys))
    listed = [line for line in section if line.startswith(("  us-east-1/0 ", "  us-east-1/1 "))]
    assert "Failed rows (30)" in section and len(listed) == 20
    assert "  ... and 10 more failed rows: `sms-estate status bulk --json` lists every one" in section
    assert all(line.endswith("...") and len(line.split("  HandlerError: ")[1]) < 160 for line in listed)
    assert _cells(section, "TOTAL") == ["TOTAL", "30/30", "0", "0", "0", "0", "30"]


def test_json_carries_the_same_progress_and_every_failed_row(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    bulk = json.loads(_status([str(bulk_config), "--json"], capsys))["bulk_progress"]
    assert bulk["total"] == {
        "done": 16,
        "total": 30,
        "by_status": {"PENDING": 5, "CREATING": 4, "RECONCILING": 5, "DONE": 11, "FAILED": 5},
    }
    assert bulk["rows_in_shards_not_read"] == 0
    first, second = bulk["shards"]
    assert (first["region"], first["shard"], first["state"]) == ("us-east-1", 0, "read")
    assert first["ledger_table"] == ledger_table(shards[0])
    assert first["parameter"] == "/sms-estate/bulk/bulk-ledgers/us-east-1-0/table"
    assert (first["progress"]["done"], first["progress"]["total"]) == (9, 17)
    assert (second["progress"]["done"], second["progress"]["total"]) == (7, 13)
    failed = [row for shard in bulk["shards"] for row in shard["progress"]["failed"]]
    assert len(failed) == 5 and all(row["reason"].endswith("taxId is not valid") for row in failed)


def test_a_shard_not_deployed_yet_is_reported_and_the_others_still_counted(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_ledger(fakes, shards[0], _outcomes(shards[0]))
    out = _status([str(bulk_config)], capsys)
    section = _bulk_section(out)
    assert _cells(section, "us-east-1", "0") == ["us-east-1", "0", "9/17", "3", "2", "3", "6", "3"]
    assert " ".join(_cells(section, "us-east-1", "1")) == (
        "us-east-1 1 - - - - - - not deployed yet: 13 rows in config, "
        "no parameter /sms-estate/bulk/bulk-ledgers/us-east-1-1/table"
    )
    assert " ".join(_cells(section, "TOTAL")) == "TOTAL 9/17 3 2 3 6 3 not counted: 13 rows of shards not read"


def test_a_ledger_table_that_does_not_exist_is_reported_for_its_shard(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_ledger(fakes, shards[0], _outcomes(shards[0]))
    table = publish_ledger(fakes, shards[1])  # the parameter exists, the table does not
    section = _bulk_section(_status([str(bulk_config)], capsys))
    note = " ".join(_cells(section, "us-east-1", "1")[8:])
    assert note == f"ledger table {table} not found (named by /sms-estate/bulk/bulk-ledgers/us-east-1-1/table)"
    assert _cells(section, "TOTAL")[1] == "9/17"


def test_an_environment_without_bulk_prints_no_bulk_section_and_reads_no_ledger(
    monkeypatch: pytest.MonkeyPatch, no_aws_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes = _install(load_environment("dev"), monkeypatch)
    out = _status(["dev"], capsys)
    assert "== us-east-1 ==" in out and "bulk" not in out.lower()
    assert "bulk_progress" not in json.loads(_status(["dev", "--json"], capsys))
    assert fakes.sms["us-east-1"].sms.calls  # the SMS part did run against the fakes
    assert fakes.ssm["us-east-1"].calls == [] and fakes.dynamodb["us-east-1"].calls == []


def _partial_status(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a status whose bulk read AWS partly refuses: exit 3, the report on stdout, one warning line."""
    assert main(["status", *args]) == 3
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        "warning: config/bulk.yaml: partial output (exit 3): 1 bulk ledger read(s) refused,"
        " marked 'not readable' in the bulk progress"
    ]
    return captured.out


def _lease_number(fakes: RegionalFakes) -> str:
    """A number in the us-east-1 SMS fake, so the SMS part of the report has something to show."""
    client = fakes.client("pinpoint-sms-voice-v2", "us-east-1")
    leased = client.request_phone_number(
        IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberCapabilities=["SMS"], NumberType="TOLL_FREE"
    )
    return str(leased["PhoneNumber"])


def test_ssm_denied_prints_the_sms_section_marks_the_region_not_readable_and_exits_3(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    number = _lease_number(fakes)
    fakes.ssm["us-east-1"].denied.add("GetParametersByPath")
    out = _partial_status([str(bulk_config)], capsys)
    sms_part, _ = out.split("== bulk rollout ==")
    assert "== us-east-1 ==" in sms_part and "== us-west-2 ==" in sms_part
    assert number in sms_part and "TOLL_FREE" in sms_part
    section = _bulk_section(out)
    assert " ".join(_cells(section, "us-east-1")) == (
        "us-east-1 - - - - - - - not readable: ssm:GetParametersByPath refused (AccessDeniedException);"
        " 30 rows in config"
    )
    assert " ".join(_cells(section, "TOTAL")) == "TOTAL 0/0 0 0 0 0 0 not counted: 30 rows of shards not read"
    assert fakes.dynamodb["us-east-1"].calls.count("Scan") == 0  # no table names, so nothing to scan


def test_a_refused_ledger_scan_marks_its_shard_not_readable_and_the_other_shards_are_still_counted(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    fakes.dynamodb["us-east-1"].denied_tables.add(ledger_table(shards[1]))
    section = _bulk_section(_partial_status([str(bulk_config)], capsys))
    assert _cells(section, "us-east-1", "0") == ["us-east-1", "0", "9/17", "3", "2", "3", "6", "3"]
    assert " ".join(_cells(section, "us-east-1", "1")) == (
        "us-east-1 1 - - - - - - not readable: dynamodb:Scan refused (AccessDeniedException)"
    )
    assert " ".join(_cells(section, "TOTAL")) == "TOTAL 9/17 3 2 3 6 3 not counted: 13 rows of shards not read"
    assert "Failed rows (3)" in section  # shard 0's failures are still listed


def test_json_carries_the_refused_reads_with_action_code_and_aws_message_next_to_the_sms_part(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    number = _lease_number(fakes)
    fakes.dynamodb["us-east-1"].denied_tables.add(ledger_table(shards[1]))
    fakes.ssm["us-west-2"].denied.add("GetParametersByPath")
    assert main(["status", str(bulk_config), "--json"]) == 3
    captured = capsys.readouterr()
    assert "partial output (exit 3): 2 bulk ledger read(s) refused" in captured.err
    report = json.loads(captured.out)
    east = next(region for region in report["regions"] if region["region"] == "us-east-1")
    assert [n["phone_number"] for n in east["phone_numbers"]] == [number]
    bulk = report["bulk_progress"]
    assert bulk["all_readable"] is False
    assert bulk["rows_in_shards_not_read"] == 13
    assert (bulk["total"]["done"], bulk["total"]["total"]) == (9, 17)
    first, second = bulk["shards"]
    assert (first["state"], first["refusal"]) == ("read", None)
    assert (second["state"], second["progress"]) == ("not-readable", None)
    assert second["note"] == "not readable: dynamodb:Scan refused (AccessDeniedException)"
    assert second["refusal"] == {
        "action": "dynamodb:Scan",
        "code": "AccessDeniedException",
        "message": f"not authorized to perform: dynamodb:Scan on resource: table/{ledger_table(shards[1])}",
        "summary": "dynamodb:Scan refused (AccessDeniedException)",
    }
    (west,) = bulk["regions_not_readable"]
    assert (west["region"], west["state"], west["rows_in_config"]) == ("us-west-2", "not-readable", 0)
    assert west["refusal"]["action"] == "ssm:GetParametersByPath"
    assert "is not authorized to perform: ssm:GetParametersByPath on resource:" in west["refusal"]["message"]


def test_a_fully_read_rollout_says_so_in_json(
    bulk_config: Path, shards: list[Shard], fakes: RegionalFakes, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_every_shard(fakes, shards)
    bulk = json.loads(_status([str(bulk_config), "--json"], capsys))["bulk_progress"]
    assert bulk["all_readable"] is True and bulk["regions_not_readable"] == []
    assert all(shard["refusal"] is None for shard in bulk["shards"])
