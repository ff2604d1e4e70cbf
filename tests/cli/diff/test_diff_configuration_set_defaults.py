"""A configuration set's default message type changes in place: the diff says so, and never calls it destructive."""

from __future__ import annotations

from typing import Any

import pytest

from sms_estate.cli.diff.consequences import classify
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import diff_templates
from sms_runtime.contract import CONFIGURATION_SET_DEFAULTS_TYPE, ConfigurationSetDefaultsProps

SET_ID = "ConfigurationSetharborlinealerts"


def _template(message_type: str | None) -> dict[str, Any]:
    resources: dict[str, Any] = {
        SET_ID: {"Type": "AWS::SMSVOICE::ConfigurationSet", "Properties": {"ConfigurationSetName": "harborline-alerts"}}
    }
    if message_type is not None:
        resources["Defaults"] = {
            "Type": CONFIGURATION_SET_DEFAULTS_TYPE,
            "Properties": {
                ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME: {"Ref": SET_ID},
                ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE: message_type,
            },
            "DeletionPolicy": "Delete",
        }
    return {"Resources": resources}


@pytest.mark.parametrize(
    ("before", "after", "kind", "message"),
    [
        ("TRANSACTIONAL", "PROMOTIONAL", "changed", "TRANSACTIONAL -> PROMOTIONAL"),
        (None, "TRANSACTIONAL", "added", "the API default -> TRANSACTIONAL"),
        ("PROMOTIONAL", None, "removed", "PROMOTIONAL -> the API default"),
    ],
)
def test_a_default_message_type_change_is_one_info_line(
    before: str | None, after: str | None, kind: str, message: str
) -> None:
    (change,) = diff_templates("prod", "us-east-1", "SmsEstate-prod-us-east-1", _template(before), _template(after))
    assert change.kind == kind
    found = classify(change)
    assert [(c.rule.id, c.severity, c.finding.ack_id) for c in found] == [("SMS-I3", Severity.INFO, None)]
    assert found[0].finding.message == (
        f"configuration set harborline-alerts: default message type {message}, set in place"
    )
