"""``sms-estate status`` against per-region SMS fakes, and without credentials."""

from __future__ import annotations

import json

import pytest
from support.status_scenario import FakeEstate

from sms_estate.cli.main import main
from sms_estate.cli.status_report import collect, render_json, render_table
from sms_estate.yaml_app.config import load_environment


@pytest.fixture(scope="module")
def prod() -> FakeEstate:
    estate = FakeEstate(load_environment("prod"))
    estate.deny("harborline-refills-east")
    estate.approve("tidewater-reminders-east")
    estate.clock.advance(30 * 3600)  # harborline-refills-west has waited 30 h without a reviewer
    return estate


def _status(estate: FakeEstate) -> object:
    return collect(estate.environment, estate.sms_client, now=estate.clock.now(), clients_for=estate.clients)


def test_table_lists_every_registration_and_number_per_region_with_denial_advice(prod: FakeEstate) -> None:
    text = render_table(_status(prod))  # type: ignore[arg-type]
    print(text)
    east, west = text.split("== us-west-2 ==")
    assert "== us-east-1 ==" in east
    assert "harborline-refills-east" in east and "REQUIRES_UPDATES" in east and "DENIED: see reasons below" in east
    assert "tidewater-reminders-east" in east and "COMPLETE" in east
    assert "harborline-refills-west" in west and "overdue" in west
    assert "1. Non Compliant Opt In Third Party" in east and "fix (TFN-OPTIN-THIRD-PARTY)" in east
    assert "2. High Risk - Public URL Shortener" in east and "fix (TFN-URL-SHORTENER)" in east
    assert "change: registrations[0].attachments.messagingUseCase.optInImage" in east
    assert east.count("TOLL_FREE") == 2 and west.count("TOLL_FREE") == 1


def test_json_has_current_and_latest_denied_versions_and_reasons(prod: FakeEstate) -> None:
    data = json.loads(render_json(_status(prod)))  # type: ignore[arg-type]
    east = {r["name"]: r for r in data["regions"][0]["registrations"]}
    denied = east["harborline-refills-east"]
    assert denied["current_version"] == {"number": 1, "status": "DENIED"}
    assert denied["latest_denied_version"] == {"number": 1, "status": "DENIED"}
    assert [d["short_description"] for d in denied["denial_reasons"]] == [
        "Non Compliant Opt In Third Party",
        "High Risk - Public URL Shortener",
    ]
    assert denied["field_feedback"][0]["config_key"] == "registrations[0].attachments.messagingUseCase.optInImage"
    assert east["tidewater-reminders-east"]["approved_version"] == 1
    numbers = {n["name"]: n for n in data["regions"][0]["phone_numbers"]}
    assert numbers["tidewater-reminders-east"]["status"] == "ACTIVE"


def test_status_reads_only(prod: FakeEstate) -> None:
    before = {region: len(aws.sms.calls) for region, aws in prod.regions.items()}
    _status(prod)
    for region, aws in prod.regions.items():
        made = aws.sms.calls[before[region] :]
        assert made and all(not call.is_write for call in made), [c.action for c in made if c.is_write]


def test_draft_registration_leaves_its_number_pending_and_flagged() -> None:
    staging = FakeEstate(load_environment("staging"))
    text = render_table(
        collect(staging.environment, staging.sms_client, now=staging.clock.now(), clients_for=staging.clients)
    )
    assert "PENDING: registration not submitted, bills monthly" in text


@pytest.mark.usefixtures("no_aws_credentials")
def test_missing_credentials_is_one_clear_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "dev"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "error: config/dev.yaml: no AWS credentials found: set AWS_PROFILE (or run `aws sso login`) and retry"
    ]


def test_numbers_waiting_for_a_later_association_state_are_shown() -> None:
    # A type whose numbers join only once the registration is COMPLETE: the draft's number waits.
    staging = FakeEstate(load_environment("staging"))
    registration = next(r for r in staging.environment.registrations if r.type == "US_TOLL_FREE_REGISTRATION")
    aws, registration_id = staging.api_of(registration.name), staging.registration_ids[registration.name]
    aws.sms.put_registration_type(
        registration.type,
        [
            {
                "ResourceType": "SENDER_ID",
                "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
                "DisassociationBehavior": "DELETE_REGISTRATION_DISASSOCIATES",
            },
            {
                "ResourceType": "TOLL_FREE",
                "IsoCountryCode": "US",
                "AssociationBehavior": "ASSOCIATE_AFTER_COMPLETE",
                "DisassociationBehavior": "DISASSOCIATE_ALL_CLOSES_REGISTRATION",
            },
        ],
    )
    for number_id in aws.sms.registrations[registration_id].associations:  # as if configured after filing
        del aws.sms.numbers[number_id]["RegistrationId"]
    aws.sms.registrations[registration_id].associations.clear()
    status = collect(staging.environment, staging.sms_client, now=staging.clock.now(), clients_for=staging.clients)
    count = len(registration.phone_numbers)
    assert f"{registration.name}: waiting to associate {count} number(s) until COMPLETE" in render_table(status)
    rows = {r["name"]: r for r in json.loads(render_json(status))["regions"][0]["registrations"]}
    assert rows[registration.name]["pending_associations"] == {"count": count, "until": "COMPLETE"}
