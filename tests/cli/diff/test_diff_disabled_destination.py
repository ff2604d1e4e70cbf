"""A destination turned off in the config (``enabled: false``) loses its events: the diff says DESTRUCTIVE.

``configs/disabled-destination.yaml`` is ``base.yaml`` with one destination disabled; the finding
must carry the ``disable:`` acknowledgement ID, and the reverse change (enabling it) must not.
"""

from __future__ import annotations

from collections.abc import Callable

from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import Revision
from sms_estate.cli.diff.rules import Severity

Revisions = Callable[[str], Revision]


def test_disabling_an_event_destination_is_destructive_with_its_acknowledgement_id(revision: Revisions) -> None:
    report = build_report(revision("base"), revision("disabled-destination"))
    destructive = [
        (item.consequence.rule.id, item.consequence.finding.message, item.consequence.finding.ack_id)
        for item in report.items
        if item.consequence.severity is Severity.DESTRUCTIVE
    ]
    assert destructive == [
        (
            "SMS-D5",
            "event destination shop-alerts/failure-alerts will be DISABLED: its TEXT_CARRIER_UNREACHABLE, "
            "TEXT_UNREACHABLE events are lost",
            "disable:event-destination/shop-alerts/failure-alerts@us-east-1",
        )
    ]


def test_enabling_a_disabled_event_destination_destroys_nothing(revision: Revisions) -> None:
    report = build_report(revision("disabled-destination"), revision("base"))
    assert [item for item in report.items if item.consequence.severity is Severity.DESTRUCTIVE] == []
    assert report.items, "enabling the destination is still a change the diff reports"
