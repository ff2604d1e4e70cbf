"""Custom::SmsRegistration enforces the live ``ConditionalBehavior`` before any write.

Every wrong put or auto-denied submission costs a registration version (and versions have a daily
cap), so values that break a conditional rule must fail the request with nothing created or put. The
rules come from ``DescribeRegistrationFieldDefinitions`` as the fake serves it behind real botocore.
"""

from __future__ import annotations

import json
from typing import Any

from fakes.aws import FakeAws
from fakes.estate import Estate
from fakes.samples import TFN_FIELDS

from sms_runtime.contract import REGISTRATION_TYPE
from sms_runtime.registration.field_definitions import snapshot_path

TFN = "US_TOLL_FREE_REGISTRATION"
DETAILS = "messagingUseCase.useCaseDetails"
# Calls that create or change something a registration version counts.
WRITES = (
    "CreateRegistration",
    "CreateRegistrationAttachment",
    "PutRegistrationFieldValue",
    "CreateRegistrationVersion",
    "CreateRegistrationAssociation",
    "SubmitRegistrationVersion",
)


def _writes(aws: FakeAws) -> list[str]:
    return [call.action for action in WRITES for call in aws.sms.calls_to(action, outcome=None)]


def _live_items_with(path: str, behavior: dict[str, Any]) -> list[dict[str, Any]]:
    """The shipped items, with ``path``'s ConditionalBehavior replaced: what a changed API would return."""
    items: list[dict[str, Any]] = json.loads(snapshot_path(TFN).read_text(encoding="utf-8"))[
        "RegistrationFieldDefinitions"
    ]
    for item in items:
        if item["FieldPath"] == path:
            item["ConditionalBehavior"] = behavior
    return items


def test_create_of_a_sole_proprietor_with_tax_fields_writes_nothing(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    writes = len(aws.sms.write_calls())
    outcome = estate.registration(fields={**TFN_FIELDS, "companyInfo.businessType": ["SOLE_PROPRIETOR"]})
    assert not outcome.ok
    assert "nothing was written" in outcome.reason
    for path in ("companyInfo.taxId", "companyInfo.taxIdAuthority", "companyInfo.taxIdCountry"):
        assert f"{path}: " in outcome.reason
    assert "must not be set when companyInfo.businessType is SOLE_PROPRIETOR (conditional rule 1)" in outcome.reason
    assert str(TFN_FIELDS["companyInfo.taxId"]) not in outcome.reason  # the value is never quoted
    assert _writes(aws) == [] and len(aws.sms.write_calls()) == writes
    assert aws.sms.calls_to("DescribeRegistrationFieldDefinitions")  # the live rules were read


def test_create_follows_a_live_rule_the_snapshot_does_not_have(aws: FakeAws, estate: Estate) -> None:
    # The live API now wants 200+ characters of details for this category; the sample has fewer.
    rule = {
        "Conditions": [
            {
                "DependsOnFieldPath": "messagingUseCase.useCaseCategory",
                "Operator": "IN",
                "Values": ["ACCOUNT_NOTIFICATIONS", "POLLING_AND_SURVEYS"],
            }
        ],
        "RuleBehavior": "REQUIRED",
        "ConditionalValidation": {"MinLength": 200},
    }
    aws.sms.put_field_definitions(TFN, _live_items_with(DETAILS, {"Rules": [rule], "DefaultBehavior": "OPTIONAL"}))
    assert estate.number().ok
    outcome = estate.registration()
    assert not outcome.ok
    assert f"{DETAILS}: Use case details needs at least 200 characters" in outcome.reason
    assert "(conditional rule 1)" in outcome.reason
    assert _writes(aws) == []


def test_create_refuses_a_field_the_live_default_disallows(aws: FakeAws, estate: Estate) -> None:
    only_for_other = {
        "Rules": [
            {
                "Conditions": [
                    {
                        "DependsOnFieldPath": "messagingUseCase.useCaseCategory",
                        "Operator": "EQUALS",
                        "Values": ["OTHER"],
                    }
                ],
                "RuleBehavior": "REQUIRED",
            }
        ],
        "DefaultBehavior": "DISALLOWED",
    }
    aws.sms.put_field_definitions(TFN, _live_items_with(DETAILS, only_for_other))
    assert estate.number().ok
    outcome = estate.registration()
    assert not outcome.ok
    assert f"{DETAILS}: Use case details must not be set when no conditional rule matches" in outcome.reason
    assert _writes(aws) == []
    # Without the details the same registration is created and submitted.
    fields = {k: v for k, v in TFN_FIELDS.items() if k != DETAILS}
    assert estate.cfn.create("Registration2", REGISTRATION_TYPE, estate.registration_props(fields=fields)).ok


def test_update_of_a_draft_that_breaks_a_rule_puts_nothing(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit=False).ok
    puts = len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None))
    fields = {**TFN_FIELDS, "companyInfo.businessType": ["SOLE_PROPRIETOR"]}
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=fields, submit=False))
    assert not outcome.ok and "companyInfo.taxId: " in outcome.reason
    assert len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None)) == puts
    assert aws.sms.calls_to("CreateRegistrationVersion", outcome=None) == []
