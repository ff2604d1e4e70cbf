"""The tracking Lambda: re-read state, record approvals, notify once per transition, emit gauges on the poll.

Entry point ``sms_runtime.tracking.handler.on_event``. Everything it needs arrives through
:class:`Tracker`, so tests build one from real boto3 clients wired to the in-process fakes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

from sms_runtime.sms_client import Api, Clients, default_clients, error_code, lambda_budget
from sms_runtime.tracking import events
from sms_runtime.tracking.config_keys import ConfigIndex
from sms_runtime.tracking.ledger import Ledger
from sms_runtime.tracking.metrics import NUMBER_STATUSES, REGISTRATION_STATUSES, emf_lines
from sms_runtime.tracking.notification import NextDeploy, Notification, compose
from sms_runtime.tracking.review_state import Outcome, ReviewState
from sms_runtime.tracking.snapshot import (
    NEEDS_ACTION,
    RegistrationState,
    read_phone_numbers,
    read_registrations,
    read_tags,
)

_DEFAULT_BUDGET_SECONDS = 240.0  # without a Lambda context (tests, local runs)


@dataclass
class Tracker:
    """One environment and region: where to read, where to remember, where to publish."""

    environment: str
    region: str
    clients: Clients
    dynamodb: Any
    sns: Any
    table_name: str
    topic_arn: str
    config: ConfigIndex = field(default_factory=ConfigIndex)
    overdue_hours: float = 24.0
    wall_clock: Callable[[], float] = time.time
    emit: Callable[[str], None] = print
    published: list[Notification] = field(default_factory=list)
    # The review-state parameter (issue 18) and the stack whose next deploy reads it; no client: not written.
    review_state: ReviewState | None = None
    stack_name: str = ""

    def run(self, event: Mapping[str, Any], budget_seconds: float = 240.0) -> dict[str, Any]:
        """Handle one event; returns a summary (also logged) of what was read and notified."""
        api = self.clients.api(budget_seconds)
        ids = events.registration_ids(event)
        try:
            registrations = read_registrations(api, ids)
        except ClientError as error:
            if not ids or error_code(error) != "ResourceNotFoundException":
                raise
            ids = ()  # the event named a registration that is gone: look at everything instead
            registrations = read_registrations(api)
        # Before notifying: an approval is recorded even if a publish fails (it never raises itself).
        recorded = Outcome.DISABLED
        if self.review_state is not None:
            recorded = self.review_state.sync_after_read(
                api, registrations, complete=not ids, trigger="poll" if not ids else "status-change"
            )
        ledger = Ledger(self.dynamodb, self.table_name)
        notified = [r.registration_id for r in registrations if self._track(api, ledger, r, recorded)]
        if events.is_poll(event):
            numbers = read_phone_numbers(api)
            for line in emf_lines(
                environment=self.environment,
                region=self.region,
                registrations=registrations,
                numbers=numbers,
                registration_statuses=REGISTRATION_STATUSES,
                number_statuses=NUMBER_STATUSES,
                now=self.wall_clock(),
                overdue_hours=self.overdue_hours,
            ):
                self.emit(line)
        summary = {"checked": [r.registration_id for r in registrations], "notified": notified, "poll": not ids}
        self.emit(json.dumps({"tracking": summary}, sort_keys=True))
        return summary

    def _track(self, api: Api, ledger: Ledger, state: RegistrationState, recorded: str) -> bool:
        previous = ledger.seen(state.registration_id)
        if previous.fingerprint == state.fingerprint:
            return False
        first_sight = previous.fingerprint is None
        claimed = ledger.claim(state.registration_id, previous, state.fingerprint, state.status, self.wall_clock())
        if not claimed or (first_sight and state.status not in NEEDS_ACTION):
            return False  # someone else notified, or a first sighting with nothing to act on
        tags = read_tags(api, state.registration_arn)
        message = compose(
            state,
            previous.status,
            environment=self.environment,
            region=self.region,
            entry=self.config.entry(state.registration_id, tags),
            config_file=self.config.config_file,
            next_deploy=self._next_deploy(recorded),
        )
        try:
            self.sns.publish(TopicArn=self.topic_arn, Subject=message.subject, Message=message.body)
        except Exception:
            ledger.release(state.registration_id, state.fingerprint, previous, self.wall_clock())
            raise
        self.published.append(message)
        return True

    def _next_deploy(self, recorded: str) -> NextDeploy | None:
        if self.review_state is None:
            return None
        stack = self.stack_name or f"SmsEstate-{self.environment}-{self.region}"
        return NextDeploy(stack, self.review_state.parameter_name, recorded=recorded != Outcome.FAILED)


def tracker_from_environment(env: Mapping[str, str] = os.environ) -> Tracker:
    """The Lambda's tracker, configured by the environment variables the construct sets."""
    parameter = env.get("REVIEW_STATE_PARAMETER", "")
    return Tracker(
        environment=env["SMS_ESTATE_ENVIRONMENT"],
        region=env["AWS_REGION"],
        clients=default_clients(),
        dynamodb=boto3.client("dynamodb"),
        sns=boto3.client("sns"),
        table_name=env["LEDGER_TABLE"],
        topic_arn=env["TOPIC_ARN"],
        config=ConfigIndex.from_json(
            env.get("CONFIG_FILE", ""),
            read_config_index(env.get("CONFIG_INDEX_FILE", "")),
            env.get("REGISTRATION_IDS", ""),
        ),
        overdue_hours=float(env.get("OVERDUE_HOURS", "24")),
        review_state=ReviewState(boto3.client("ssm"), parameter) if parameter else None,
        stack_name=env.get("REVIEW_STATE_STACK", ""),
    )


def read_config_index(path: str) -> str:
    """The config index the construct ships as a layer file ('' if absent: names then come from tags)."""
    try:
        return Path(path).read_text(encoding="utf-8") if path else ""
    except OSError:
        return ""


def on_event(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point for the EventBridge rule and the scheduled poll."""
    budget = lambda_budget(context, _DEFAULT_BUDGET_SECONDS)
    return tracker_from_environment().run(event, budget_seconds=budget)
