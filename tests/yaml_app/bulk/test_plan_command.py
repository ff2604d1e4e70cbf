"""``sms-estate plan``: needed vs DescribeAccountLimits per region, against the fake SMS API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from fakes.aws import FakeAws
from fakes.default_session import RegionalFakes
from support.bulk_estates import imported_environment

from sms_estate.cli.main import main
from sms_estate.yaml_app.config import load_environment


@pytest.fixture
def config_30(tmp_path: Path) -> Path:
    """30 toll-free registrations (30 numbers) in us-east-1; nothing in us-west-2."""
    return imported_environment(tmp_path, 30, shards=1)


def _serve(config: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> dict[str, FakeAws]:
    """Each region's fake behind boto3's default session: the command's own clients reach them."""
    environment = load_environment(config)
    fakes = RegionalFakes(("us-east-1", "us-west-2"), environment.account, rate_scale=1.0, **options)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", fakes.session())
    return fakes.sms


def test_a_config_over_the_default_number_quota_lists_the_increase_and_exits_1(
    config_30: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes = _serve(config_30, monkeypatch)
    assert main(["plan", str(config_30)]) == 1
    out = capsys.readouterr().out
    assert "us-east-1    PHONE_NUMBERS             30       0     25  SHORT: request max 30 (+5)" in out
    assert "us-west-2    PHONE_NUMBERS              0       0     25  fits" in out
    assert "  - us-east-1: PHONE_NUMBERS to at least 30" in out
    assert all(call.action == "DescribeAccountLimits" for fake in fakes.values() for call in fake.sms.calls)


def test_numbers_already_in_use_add_to_what_must_be_requested(
    config_30: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes = _serve(config_30, monkeypatch)
    client = fakes["us-east-1"].sms_client()
    for _ in range(3):
        fakes["us-east-1"].clock.advance(1.0)  # one RequestPhoneNumber per second, as the quota allows
        client.request_phone_number(
            IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberCapabilities=["SMS"], NumberType="TOLL_FREE"
        )
    assert main(["plan", str(config_30), "--json"]) == 1
    checks = {(c["region"], c["limit"]): c for c in json.loads(capsys.readouterr().out)}
    assert checks[("us-east-1", "PHONE_NUMBERS")] == {
        "region": "us-east-1",
        "limit": "PHONE_NUMBERS",
        "needed": 30,
        "used": 3,
        "max": 25,
        "reported": True,
        "increase": 8,
        "request_max": 33,
    }
    assert checks[("us-east-1", "REGISTRATIONS")]["increase"] == 0
    assert checks[("us-east-1", "OPT_OUT_LISTS")]["needed"] == 1  # the Default list counts
    assert checks[("us-east-1", "POOLS")]["reported"] is False  # the fake does not report it: default 25


def test_a_config_that_fits_exits_0(
    config_30: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve(config_30, monkeypatch, phone_number_limit=100)
    assert main(["plan", str(config_30)]) == 0
    assert "fits the account's limits in every region" in capsys.readouterr().out


def test_without_credentials_plan_is_a_clear_error(
    config_30: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert main(["plan", str(config_30)]) == 2
    err = capsys.readouterr().err
    assert "no AWS credentials" in err and "Traceback" not in err


def test_a_refused_limits_read_is_one_line_naming_the_operation_and_exit_2(
    config_30: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes = _serve(config_30, monkeypatch)
    fakes["us-east-1"].sms.fail_next("DescribeAccountLimits", "AccessDeniedException")
    assert main(["plan", str(config_30)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert line.startswith(
        "error: bulk: DescribeAccountLimits failed: AccessDeniedException: An error occurred (AccessDeniedException)"
        " when calling the DescribeAccountLimits operation"
    )
    assert line.endswith(": injected AccessDeniedException")
