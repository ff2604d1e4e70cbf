"""``status`` shows the account default protect configuration and override counts when the config declares them.

Issue 19, items 2 and 3. Protect configurations are CloudFormation's: each test puts them in the fake
regions with their ``Name`` tag, as the stack would. Counts only: no number appears in the report.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.status_scenario import estate_from_doc, status_report

EAST, WEST = "us-east-1", "us-west-2"
BASE = {"environment": "guarded", "account": "111111111111", "regions": [EAST, WEST]}
GUARD = {
    "name": "guard",
    "account_default": True,
    "number_overrides": [
        {"destination": "+12065550100", "action": "BLOCK"},
        {"destination": "+12065550111", "action": "ALLOW"},
    ],
}


def test_each_region_shows_the_live_default_and_the_live_override_count(tmp_path: Path) -> None:
    estate = estate_from_doc(tmp_path, BASE | {"protect_configurations": [GUARD]})
    east = estate.regions[EAST].sms
    guard = east.put_protect_configuration(name="guard")
    east.account_default_protect = guard
    east.handle(
        "PutProtectConfigurationRuleSetNumberOverride",
        {"ProtectConfigurationId": guard, "DestinationPhoneNumber": "+12065550100", "Action": "BLOCK"},
    )
    west = estate.regions[WEST].sms
    west.account_default_protect = west.put_protect_configuration(name="someone-elses")
    table, document = status_report(estate)
    east_part, west_part = table.split(f"== {WEST} ==")
    assert "account default protect configuration: guard\n" in east_part + "\n"
    assert "protect configuration guard: 1 of 2 number overrides live (some expired, or not deployed)" in east_part
    assert "account default protect configuration: someone-elses (config: guard; deploy" in west_part
    assert "protect configuration guard: 0 of 2 number overrides live" in west_part
    assert document["regions"][0]["protect_settings"] == {
        "account_default": {"live": "guard", "configured": "guard"},
        "number_overrides": {"guard": {"live": 1, "declared": 2}},
    }
    assert "2065550100" not in table and "2065550100" not in json.dumps(document)


def test_an_environment_without_protect_settings_has_no_section_and_reads_nothing(tmp_path: Path) -> None:
    estate = estate_from_doc(tmp_path, BASE | {"protect_configurations": [{"name": "plain"}]})
    table, document = status_report(estate)
    assert "account default protect configuration" not in table and "number overrides" not in table
    assert all("protect_settings" not in region for region in document["regions"])
    assert all(not fake.sms.calls_to("DescribeProtectConfigurations", outcome=None) for fake in estate.regions.values())
