"""The 10DLC chain of the staging sample, as the templates wire it (issue 18).

The campaign names its brand (``LinkedRegistrationIds``), the TEN_DLC number its campaign (``RegistrationId``),
and exactly those two, the resources that may wait for an approval, read the review state: a template
parameter of type ``AWS::SSM::Parameter::Value<String>`` naming the parameter that a small stack, deployed
first, creates. The tracker may write that parameter and nothing else of SSM. Environments without such
resources get no parameter and no extra stack (their templates are pinned byte for byte elsewhere).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sms_estate.cli.assembly import Assembly
from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    REGISTRATION_TYPE,
    REVIEW_STATE_INITIAL,
    PhoneNumberProps,
    RegistrationProps,
)

EAST, WEST = "SmsEstate-staging-us-east-1", "SmsEstate-staging-us-west-2"
REVIEW_STACK = f"{EAST}-review-state"
PARAMETER = "/sms-estate/staging/review-state"


def _by_name(assembly: Assembly, stack: str, resource_type: str, name: str) -> tuple[str, Mapping[str, Any]]:
    """The resource of ``resource_type`` whose logical ID comes from config name ``name``."""
    wanted = name.replace("-", "")
    [(logical_id, resource)] = [
        (lid, r)
        for lid, r in assembly.stack(stack).resources.items()
        if r["Type"] == resource_type
        and lid[:-8] == f"{'PhoneNumber' if resource_type == PHONE_NUMBER_TYPE else 'Registration'}{wanted}"
    ]
    return logical_id, resource


def test_the_campaign_names_its_brand_and_the_number_its_campaign(sample_assembly: Assembly) -> None:
    brand_id, brand = _by_name(sample_assembly, EAST, REGISTRATION_TYPE, "harborline-brand")
    campaign_id, campaign = _by_name(sample_assembly, EAST, REGISTRATION_TYPE, "harborline-pickup-campaign")
    _, number = _by_name(sample_assembly, EAST, PHONE_NUMBER_TYPE, "pickup-alerts-local")
    assert campaign["Properties"][RegistrationProps.LINKED_REGISTRATION_IDS] == [{"Ref": brand_id}]
    assert RegistrationProps.LINKED_REGISTRATION_IDS not in brand["Properties"]
    assert number["Properties"][PhoneNumberProps.REGISTRATION_ID] == {"Ref": campaign_id}
    assert number["Properties"][PhoneNumberProps.NUMBER_TYPE] == "TEN_DLC"
    assert campaign["Properties"][RegistrationProps.PHONE_NUMBER_IDS] == []  # bought after approval, not before submit


def test_only_the_resources_that_may_wait_read_the_review_state(sample_assembly: Assembly) -> None:
    east = sample_assembly.stack(EAST)
    parameter = east.template["Parameters"]["SmsEstateReviewState"]
    assert parameter["Type"] == "AWS::SSM::Parameter::Value<String>" and parameter["Default"] == PARAMETER
    reading = sorted(
        (r["Type"], lid[:-8])
        for lid, r in east.resources.items()
        if r.get("Properties", {}).get("ReviewState") == {"Ref": "SmsEstateReviewState"}
    )
    assert reading == [
        (PHONE_NUMBER_TYPE, "PhoneNumberpickupalertslocal"),
        (REGISTRATION_TYPE, "Registrationharborlinepickupcampaign"),
    ]
    west = sample_assembly.stack(WEST)
    assert "SmsEstateReviewState" not in west.template.get("Parameters", {})
    assert not any("ReviewState" in r.get("Properties", {}) for r in west.resources.values())


def test_the_review_state_stack_is_deployed_first_and_holds_the_parameter(sample_assembly: Assembly) -> None:
    manifest = json.loads((sample_assembly.directory / "manifest.json").read_text(encoding="utf-8"))
    assert REVIEW_STACK in manifest["artifacts"][EAST]["dependencies"]
    assert not any(d.endswith("-review-state") for d in manifest["artifacts"][WEST].get("dependencies", []))
    [resource] = sample_assembly.stack(REVIEW_STACK).resources.values()
    assert resource["Type"] == "AWS::SSM::Parameter"
    assert resource["Properties"]["Name"] == PARAMETER and resource["Properties"]["Value"] == REVIEW_STATE_INITIAL
    assert {s.name for s in sample_assembly.stacks if s.name.endswith("-review-state")} == {REVIEW_STACK}


def test_the_tracker_is_told_the_parameter_in_the_region_that_waits_only(sample_assembly: Assembly) -> None:
    def tracker_environment(stack: str) -> Mapping[str, Any]:
        [function] = [
            r
            for r in sample_assembly.stack(stack).resources.values()
            if r["Type"] == "AWS::Lambda::Function"
            and "SMS_ESTATE_ENVIRONMENT" in r["Properties"].get("Environment", {}).get("Variables", {})
        ]
        return dict(function["Properties"]["Environment"]["Variables"])

    assert tracker_environment(EAST)["REVIEW_STATE_PARAMETER"] == PARAMETER
    assert "REVIEW_STATE_PARAMETER" not in tracker_environment(WEST)


def test_environments_without_waiting_resources_read_no_review_state(sample_assembly: Assembly) -> None:
    for stack in sample_assembly.stacks:
        if stack.name.startswith(("SmsEstate-dev-", "SmsEstate-prod-")):
            assert "SmsEstateReviewState" not in stack.template.get("Parameters", {}), stack.name
            assert not stack.name.endswith("-review-state")
