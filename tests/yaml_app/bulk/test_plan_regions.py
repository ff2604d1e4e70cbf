"""``sms-estate plan`` reads each region's limits from that region, through the real client factory.

The command's own ``boto3.client(..., region_name=region)`` runs; only boto3's default session is
the fakes' (tests/fakes/default_session.py), which routes each request by its SigV4 region. A plan
that asked one region for every region's limits, or fell back to the default region, would show the
numbers in use in the wrong row and leave one region's fake unasked.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from fakes.default_session import RegionalFakes
from support.bulk_estates import imported_environment

from sms_estate.cli.main import main
from sms_estate.yaml_app.config import load_environment


def test_plan_asks_each_region_for_its_own_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_aws_credentials: None
) -> None:
    config = imported_environment(tmp_path, 3, shards=1)
    environment = load_environment(config)
    assert environment.regions == ("us-east-1", "us-west-2")
    fakes = RegionalFakes(environment.regions, environment.account)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", fakes.session())
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")  # where a region-blind client would go
    west = fakes.client("pinpoint-sms-voice-v2", "us-west-2")
    for _ in range(2):
        west.request_phone_number(
            IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberCapabilities=["SMS"], NumberType="TOLL_FREE"
        )
    capsys.readouterr()  # the import's own report
    assert main(["plan", str(config), "--json"]) == 0
    used = {(c["region"], c["limit"]): c["used"] for c in json.loads(capsys.readouterr().out)}
    assert used[("us-east-1", "PHONE_NUMBERS")] == 0
    assert used[("us-west-2", "PHONE_NUMBERS")] == 2
    for region in environment.regions:
        asked = [call.action for call in fakes.sms[region].sms.calls if call.action == "DescribeAccountLimits"]
        assert asked, f"{region} was never asked for its limits"
