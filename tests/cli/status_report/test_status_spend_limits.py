"""``status`` shows each region's spend limits when the config declares them (issue 19, item 1).

The limits are the account's: the fake's new account enforces 1 USD per kind with a 100 USD maximum.
Each region has its own, so a deployed region and a region not deployed yet differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.status_scenario import FakeEstate, estate_from_doc, status_report

EAST, WEST = "us-east-1", "us-west-2"
BASE = {"environment": "limits", "account": "111111111111", "regions": [EAST, WEST]}


@pytest.fixture
def estate(tmp_path: Path) -> FakeEstate:
    estate = estate_from_doc(tmp_path, BASE | {"spend_limits": {"text": 50, "voice": 20}})
    east = estate.regions[EAST].sms
    east.put_spend_limit("TEXT", override=50)  # the east stack is deployed
    east.put_spend_limit("VOICE", override=10)  # and someone lowered voice by hand since
    return estate


def test_each_region_shows_enforced_max_overridden_and_configured(estate: FakeEstate) -> None:
    table, document = status_report(estate)
    east, west = table.split(f"== {WEST} ==")
    rows = {line.split()[0]: line.split() for line in east.splitlines() if line.startswith("  ") and "USD" in line}
    assert rows["text"][:8] == ["text", "50", "USD", "100", "USD", "yes", "50", "USD"]
    assert rows["voice"][:8] == ["voice", "10", "USD", "100", "USD", "yes", "20", "USD"]
    assert "differs from the config" in " ".join(rows["voice"]) and "differs" not in " ".join(rows["text"])
    assert rows["media"][:6] == ["media", "1", "USD", "100", "USD", "no"]
    assert "Spend limits (monthly)" in west and west.count("differs from the config") == 2  # not deployed there
    east_json = document["regions"][0]["spend_limits"]
    assert [r["kind"] for r in east_json] == ["text", "voice", "media", "notify", "rcs"]
    assert east_json[0] == {
        "kind": "text",
        "enforced_usd": 50,
        "max_usd": 100,
        "overridden": True,
        "configured_usd": 50,
        "differs_from_config": False,
    }
    assert east_json[2]["configured_usd"] is None


def test_an_environment_without_spend_limits_has_no_section_and_reads_nothing(tmp_path: Path) -> None:
    estate = estate_from_doc(tmp_path, BASE)
    table, document = status_report(estate)
    assert "Spend limits" not in table
    assert all("spend_limits" not in region for region in document["regions"])
    assert all(not fake.sms.calls_to("DescribeSpendLimits", outcome=None) for fake in estate.regions.values())
