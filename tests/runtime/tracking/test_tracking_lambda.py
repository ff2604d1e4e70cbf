"""The tracking Lambda against the SMS fake: one notification per real transition, never per poll."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import pytest
from botocore.exceptions import ClientError
from fakes.aws import FakeAws
from fakes.estate import Estate
from fakes.samples import OPT_IN_FIELD
from fakes.tracking_services import TrackingServices
from support.tracking_events import scheduled, status_change
from support.tracking_harness import CONFIG_NAME, TOPIC_ARN, make_tracker

from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, RegistrationProps
from sms_runtime.tracking.handler import Tracker

DENIAL = [
    {
        "Reason": "COMPLIANT_OPT_IN_MISSING",
        "ShortDescription": "Compliant Opt In Missing",
        "LongDescription": "The opt-in process or screenshot is missing.",
        "DocumentationLink": "https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-tfn.html",
    },
    {"Reason": "OPT_IN_SHARED", "ShortDescription": "Non Compliant Opt In Third Party"},
    {"Reason": "URL_SHORTENER", "ShortDescription": "High Risk - Public URL Shortener"},
]
FEEDBACK = {OPT_IN_FIELD: "Screenshot does not show the consent checkbox"}


def _submitted(estate: Estate) -> str:
    assert estate.number().ok
    assert estate.registration().ok
    return estate.registration_id()


def _deny(aws: FakeAws, registration_id: str) -> None:
    aws.sms.deny(registration_id, reasons=[r["ShortDescription"] for r in DENIAL], field_feedback=FEEDBACK)
    aws.sms.registrations[registration_id].latest.denied_reasons = [dict(r) for r in DENIAL]  # full API shape


@dataclass(frozen=True)
class Watched:
    """A submitted registration the tracker has already polled once (and stayed silent about)."""

    registration_id: str
    arn: str
    tracker: Tracker


@pytest.fixture
def watched(aws: FakeAws, estate: Estate, services: TrackingServices, emitted: list[str]) -> Watched:
    registration_id = _submitted(estate)
    tracker = make_tracker(aws, services, emitted, {registration_id: CONFIG_NAME})
    tracker.run(scheduled())
    assert services.sns.published == []  # first sight of a SUBMITTED registration: nothing to act on
    return Watched(registration_id, aws.sms.registrations[registration_id].arn, tracker)


def test_denial_produces_exactly_one_notification_with_every_reason_and_its_advice(
    aws: FakeAws, services: TrackingServices, watched: Watched
) -> None:
    _deny(aws, watched.registration_id)
    watched.tracker.run(status_change(watched.arn, "REQUIRES_UPDATES"))
    watched.tracker.run(scheduled())  # the backstop poll sees the same transition: silent
    watched.tracker.run(status_change(watched.arn, "REQUIRES_UPDATES"))  # a duplicate delivery: silent

    [message] = services.sns.published
    assert message.topic_arn == TOPIC_ARN
    assert message.subject == f"[sms-estate prod us-east-1] {CONFIG_NAME}: DENIED - needs updates"
    body = message.message
    assert "Status:       SUBMITTED -> REQUIRES_UPDATES" in body
    assert "Environment:  prod   Region: us-east-1" in body
    for reason in DENIAL:
        assert reason["ShortDescription"] in body
    assert "AWS says: The opt-in process or screenshot is missing." in body
    assert "Seed table row: AWS: Compliant Opt In Missing" in body
    assert "Seed table row: AWS: Non Compliant Opt In Third Party" in body
    assert "Seed table row: Sinch: High Risk - Public URL Shortener" in body
    assert "Fix (TFN-OPTIN-THIRD-PARTY):" in body and "Fix (TFN-URL-SHORTENER):" in body
    assert f"Change: registrations[0].attachments.{OPT_IN_FIELD}" in body
    assert "Screenshot does not show the consent checkbox" in body
    print(message.subject, body, sep="\n\n")


def test_approval_produces_one_notification(aws: FakeAws, services: TrackingServices, watched: Watched) -> None:
    aws.sms.approve(watched.registration_id)
    watched.tracker.run(scheduled())
    watched.tracker.run(status_change(watched.arn, "COMPLETE"))
    [message] = services.sns.published
    assert message.subject.endswith(f"{CONFIG_NAME}: APPROVED")
    assert "Status:       SUBMITTED -> COMPLETE" in message.message


def test_an_event_for_a_deleted_registration_falls_back_to_a_full_poll(
    aws: FakeAws, services: TrackingServices, emitted: list[str], watched: Watched
) -> None:
    gone = status_change(watched.arn.replace(watched.registration_id, "registration-deleted"), "DELETED")
    summary = watched.tracker.run(gone)
    assert summary["poll"] is True and summary["checked"] == [watched.registration_id]
    assert services.sns.published == []


def test_a_registration_first_seen_denied_is_reported_and_found_by_its_tags(
    aws: FakeAws, estate: Estate, services: TrackingServices, emitted: list[str]
) -> None:
    registration_id = _submitted(estate)
    _deny(aws, registration_id)
    aws.sms.tags[aws.sms.registrations[registration_id].arn].append(
        {"Key": "sms-estate:registration", "Value": CONFIG_NAME}
    )
    make_tracker(aws, services, emitted).run(scheduled())  # no ID mapping: the tag names it
    [message] = services.sns.published
    assert "first seen by the tracker" in message.message
    assert f"config/prod.yaml registrations[0] (name: {CONFIG_NAME})" in message.message


def test_second_denial_after_resubmission_notifies_again_even_if_polls_missed_the_submit(
    aws: FakeAws, estate: Estate, services: TrackingServices, watched: Watched
) -> None:
    registration_id, tracker = watched.registration_id, watched.tracker
    _deny(aws, registration_id)
    tracker.run(scheduled())
    props = estate.registration_props(
        fields={**estate.registration_props()[RegistrationProps.FIELDS], "companyInfo.address2": "Suite 2"}
    )
    assert estate.cfn.update("Registration", props).ok  # new version, resubmitted by the custom resource
    _deny(aws, registration_id)
    tracker.run(scheduled())
    assert [m.message.count("was DENIED") for m in services.sns.published] == [1, 1]
    assert "Version 2 was DENIED" in services.sns.published[1].message


def test_failed_publish_releases_the_claim_so_the_next_poll_notifies(
    aws: FakeAws, services: TrackingServices, watched: Watched
) -> None:
    _deny(aws, watched.registration_id)
    services.sns.fail_next = 1
    with pytest.raises(ClientError, match="KMSAccessDenied"):  # the invocation fails, so it is retried
        watched.tracker.run(scheduled())
    watched.tracker.run(scheduled())
    assert len(services.sns.published) == 1


def test_concurrent_invocations_for_one_transition_notify_once(
    aws: FakeAws, services: TrackingServices, emitted: list[str], watched: Watched
) -> None:
    _deny(aws, watched.registration_id)
    trackers = [make_tracker(aws, services, emitted, {watched.registration_id: CONFIG_NAME}) for _ in range(3)]
    event = status_change(watched.arn, "REQUIRES_UPDATES")
    results = aws.clock.run_parallel([functools.partial(t.run, event) for t in trackers])
    assert not [r for r in results if isinstance(r, BaseException)]
    assert len(services.sns.published) == 1


def test_poll_emits_gauges_for_alarms_in_embedded_metric_format(
    aws: FakeAws, estate: Estate, services: TrackingServices, emitted: list[str]
) -> None:
    registration_id = _submitted(estate)
    # A second number whose registration is only a draft: PENDING, billing, and nobody submitted it.
    assert estate.cfn.create("Number2", PHONE_NUMBER_TYPE, estate_number_props()).ok
    assert estate.cfn.create("Draft", REGISTRATION_TYPE, draft_props(estate)).ok
    tracker = make_tracker(aws, services, emitted, {registration_id: CONFIG_NAME})
    aws.clock.advance(25 * 3600)
    tracker.run(scheduled())
    gauges = _gauges(emitted)
    assert gauges["RegistrationsOverdueForReview"] == 1  # SUBMITTED 25 h ago
    assert gauges["PhoneNumbersPendingUnsubmitted"] == 1
    assert gauges["RegistrationsRequiringUpdates"] == 0
    by_status = _by_status(emitted, "Registrations")
    assert (by_status["SUBMITTED"], by_status["CREATED"], by_status["COMPLETE"]) == (1, 1, 0)
    assert _by_status(emitted, "PhoneNumbers")["PENDING"] == 2


def estate_number_props() -> dict[str, object]:
    from fakes.samples import NUMBER_PROPERTIES

    return dict(NUMBER_PROPERTIES)


def draft_props(estate: Estate) -> dict[str, object]:
    from fakes.samples import registration_properties

    number_id = estate.cfn.resources["Number2"].physical_id
    return registration_properties([number_id], attachments=estate.attachments, submit=False)


def _documents(emitted: list[str]) -> list[dict[str, object]]:
    return [doc for doc in map(json.loads, emitted) if "_aws" in doc]


def _gauges(emitted: list[str]) -> dict[str, object]:
    [doc] = [d for d in _documents(emitted) if "RegistrationsRequiringUpdates" in d]
    directives = doc["_aws"]["CloudWatchMetrics"]  # type: ignore[index]
    assert directives[0]["Namespace"] == "SmsEstate" and directives[0]["Dimensions"] == [["Environment", "Region"]]
    return doc


def _by_status(emitted: list[str], metric: str) -> dict[str, object]:
    return {str(d["Status"]): d[metric] for d in _documents(emitted) if metric in d}
