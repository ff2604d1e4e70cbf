"""The opt-out sync rules (SMS-SEC4..6) on real synthesized revisions of ``configs/sync*.yaml``.

``sync.yaml`` keeps two lists as one set across us-east-1 and us-west-2 (realtime: each region's
number sends its replies to the sync's topic). Its variants turn the sync off, take one list out of
it, or switch it to ``scheduled`` (no topics, no inbound function). The rules must name each
exposure once, where it happens, and stay silent when the sync is turned on.
"""

from __future__ import annotations

from collections.abc import Callable

from sms_estate.cli.diff.render import text_line
from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import Revision
from sms_estate.cli.diff.rules import Severity

Revisions = Callable[[str], Revision]
SYNC_RULES = ("SMS-SEC4", "SMS-SEC5", "SMS-SEC6")
EXPOSURE = (
    "opt-outs already copied stay in every region's list; new STOPs no longer spread between regions, so after "
    "a failover a number may text people who opted out in another region"
)


def inbound_removed(region: str) -> str:
    return (
        f"SECURITY     shop {region}  opt-out sync inbound path in {region} removed (Lambda function "
        "OptOutSync/Inbound): STOP and START replies to this region's numbers on shop-optouts, shop-promo-optouts "
        "no longer spread within seconds; only the reconciler, if it stays, copies them at its next run"
    )


def sender_leaves(region: str, number: str) -> str:
    return (
        f"SECURITY     shop {region}  phone number {number}: replies no longer reach the opt-out sync topic "
        "sms-estate-shop-shop-optouts-inbound: its STOPs spread to the other regions only at the reconciler's next "
        "run, or not at all if the sync is off"
    )


def sync_lines(revision: Revisions, base: str, head: str) -> list[str]:
    report = build_report(revision(base), revision(head))
    found = [item for item in report.items if item.consequence.rule.id in SYNC_RULES]
    assert all(
        item.consequence.severity is Severity.SECURITY and item.consequence.finding.ack_id is None for item in found
    )
    return [text_line(item) for item in found]


def test_turning_the_sync_off_names_the_exposure_in_every_region(revision: Revisions) -> None:
    assert sync_lines(revision, "sync", "sync-off") == [
        inbound_removed("us-east-1"),
        "SECURITY     shop us-east-1  opt-out sync of shop-optouts, shop-promo-optouts turned OFF (Lambda function "
        f"OptOutSync/Reconciler removed): {EXPOSURE}",
        sender_leaves("us-east-1", "shop-east"),
        inbound_removed("us-west-2"),
        sender_leaves("us-west-2", "shop-west"),
    ]


def test_turning_the_sync_off_deletes_no_opt_out_list(revision: Revisions) -> None:
    report = build_report(revision("sync"), revision("sync-off"))
    assert [i for i in report.items if i.consequence.change.resource_type == "AWS::SMSVOICE::OptOutList"] == []
    assert not [i for i in report.items if i.consequence.severity is Severity.DESTRUCTIVE]


def test_a_list_taken_out_of_the_sync_is_named_once_from_the_home_region(revision: Revisions) -> None:
    assert sync_lines(revision, "sync", "sync-one-list") == [
        f"SECURITY     shop us-east-1  opt-out list shop-promo-optouts no longer synced across regions: {EXPOSURE}",
    ]


def test_switching_to_scheduled_removes_the_inbound_path_but_not_the_sync(revision: Revisions) -> None:
    assert sync_lines(revision, "sync", "sync-scheduled") == [
        inbound_removed("us-east-1"),
        sender_leaves("us-east-1", "shop-east"),
        inbound_removed("us-west-2"),
        sender_leaves("us-west-2", "shop-west"),
    ]


def test_turning_the_sync_on_or_adding_a_list_raises_no_sync_finding(revision: Revisions) -> None:
    assert sync_lines(revision, "sync-off", "sync") == []
    assert sync_lines(revision, "sync-one-list", "sync") == []
    assert sync_lines(revision, "sync-scheduled", "sync") == []
    assert sync_lines(revision, "sync", "sync") == []
