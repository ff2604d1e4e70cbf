"""Pairs of real configs (``configs/base.yaml`` against one changed copy), one pair per consequence class.

Each test asserts the exact lines a reviewer reads for every class but ``info``, and the exact headline
up to the info count: info lines follow construct internals (SSM parameters, tracking functions) that
other features change, and are folded away in the Markdown anyway.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sms_estate.cli.diff.render import render_text, text_line
from sms_estate.cli.diff.report import Report, build_report
from sms_estate.cli.diff.revisions import Revision
from sms_estate.cli.diff.rules import Severity

Revisions = Callable[[str], Revision]


def report_for(revision: Revisions, head: str) -> Report:
    return build_report(revision("base"), revision(head))


def notable_lines(report: Report) -> list[str]:
    return [text_line(item) for item in report.items if item.consequence.severity is not Severity.INFO]


def headline_without_info(report: Report) -> str:
    return report.headline().rsplit(", ", 1)[0]


def test_a_revision_against_itself_is_empty(revision: Revisions) -> None:
    report = report_for(revision, "base")
    assert report.items == ()
    assert render_text(report) == "sms-estate diff: base -> base\nsummary: no changes\n"
    assert report.exit_code == 0


def test_destructive_changes_are_named_with_their_acknowledgement_ids(revision: Revisions) -> None:
    report = report_for(revision, "destructive")
    assert notable_lines(report) == [
        "DESTRUCTIVE  shop us-east-1  event destination shop-alerts/failure-alerts will be REMOVED: its "
        "TEXT_CARRIER_UNREACHABLE, TEXT_UNREACHABLE events are lost  "
        "[ack: remove:event-destination/shop-alerts/failure-alerts@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  registration shop-draft will be DELETED (a draft: its field values and "
        "attachments are lost)  [ack: delete:registration/shop-draft@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  pool shop-main: deletion protection turned OFF (any later change or person "
        "can delete it)  [ack: unprotect:pool/shop-main@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  opt-out list shop-scratch-optouts will be DELETED: people who replied STOP "
        "could be texted again  [ack: delete:opt-out-list/shop-scratch-optouts@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  phone number shop-trial will be RELEASED (gone for good; its registration "
        "loses the number)  [ack: release:phone-number/shop-trial@us-east-1]",
        # Least privilege follows the config: nothing left to release or delete, so the grants go.
        "SECURITY     shop us-east-1  IAM policy SmsEstateResourceProvider/HandlerRole/DefaultPolicy: permissions "
        "change (actions removed: sms-voice:DeleteRegistration, sms-voice:DisassociateOriginationIdentity, "
        "sms-voice:ReleasePhoneNumber)",
        "SECURITY     shop us-east-1  KMS key SmsEventsKey: permissions change (actions removed: kms:Decrypt)",
    ]
    assert (
        headline_without_info(report) == "5 destructive (5 not acknowledged), 0 slow, 0 costly, 2 security, 0 warning"
    )
    assert report.exit_code == 1


def test_slow_changes_say_the_review_restarts(revision: Revisions) -> None:
    report = report_for(revision, "slow")
    assert notable_lines(report) == [
        "SLOW         shop us-east-1  registration shop-draft will be submitted for review, which takes up to 15 "
        "business days",
        "SLOW         shop us-east-1  registration shop-main: messageSamples.messageSample1 changed after "
        "submission: a new version opens and review restarts (up to 15 business days); while a review is running "
        "the deploy fails instead",
    ]
    assert headline_without_info(report) == "0 destructive, 2 slow, 0 costly, 0 security, 0 warning"
    assert report.exit_code == 0


def test_costly_changes_name_the_new_lease(revision: Revisions) -> None:
    report = report_for(revision, "costly")
    assert notable_lines(report) == [
        "COSTLY       shop us-east-1  phone number shop-second: new TOLL_FREE number in US, leased monthly from the "
        "day it is requested",
    ]
    assert headline_without_info(report) == "0 destructive, 0 slow, 1 costly, 0 security, 0 warning"
    assert report.exit_code == 0


def test_ten_dlc_changes_name_each_type_review_time_and_registry_fee(revision: Revisions) -> None:
    # The guide's "10DLC registration process": brand and vetting 1-2 business days (US), a campaign up to 4
    # weeks; a monthly fee per campaign, $40 per vetting ("10DLC brand vetting"); numbers bill even PENDING.
    report = build_report(revision("ten-dlc-base"), revision("ten-dlc"))
    brand_time = "1-2 business days for a US company, up to 3 weeks for an international one"
    assert notable_lines(report) == [
        "SLOW         shop us-east-1  10DLC brand shop-brand: companyInfo.address changed after submission: a new "
        f"version opens and review restarts ({brand_time}); while a review is running the deploy fails instead",
        "SLOW         shop us-east-1  10DLC campaign shop-pickup-campaign: campaignInfo.helpMessage changed after "
        "submission: a new version opens and review restarts (up to 4 weeks); while a review is running the deploy "
        "fails instead (a campaign still waiting for its brand's approval is a draft and changes in place)",
        "SLOW         shop us-east-1  10DLC campaign shop-refill-campaign will be submitted for review (once its "
        "brand is approved), which takes up to 4 weeks",
        "SLOW         shop us-east-1  10DLC brand vetting shop-vetting will be submitted for review (once its brand "
        f"is approved), which takes {brand_time}",
        "COSTLY       shop us-east-1  phone number shop-refill: new TEN_DLC number in US, requested once registration "
        "shop-refill-campaign is approved, then leased monthly from that day even while PENDING",
        "COSTLY       shop us-east-1  10DLC campaign shop-refill-campaign will be registered: a recurring monthly fee "
        "for each campaign, varying with the use case and shown on the registration page (not given in the guide)",
        "COSTLY       shop us-east-1  10DLC brand vetting shop-vetting will be registered: a $40 non-refundable "
        "vetting fee",
    ]
    assert headline_without_info(report) == "0 destructive, 4 slow, 3 costly, 0 security, 0 warning"
    assert report.exit_code == 0


def test_security_changes_list_new_trust_and_grants(revision: Revisions) -> None:
    report = report_for(revision, "security")
    assert notable_lines(report) == [
        "SECURITY     shop us-east-1  new S3 bucket policy shop-alerts/analytics-stream/AccessLogs/Policy allows "
        "s3:PutObject; denies s3:*",
        "SECURITY     shop us-east-1  new S3 bucket policy shop-alerts/analytics-stream/Archive/Policy denies s3:*",
        "SECURITY     shop us-east-1  new IAM role shop-alerts/analytics-stream/ServiceRole trusted by "
        "sms-voice.amazonaws.com",
        "SECURITY     shop us-east-1  new IAM policy shop-alerts/analytics-stream/ServiceRole/DefaultPolicy allows "
        "firehose:PutRecord",
        "SECURITY     shop us-east-1  new IAM role shop-alerts/analytics-stream/Stream/S3 Destination Role trusted "
        "by firehose.amazonaws.com",
        "SECURITY     shop us-east-1  new IAM policy shop-alerts/analytics-stream/Stream/S3 Destination "
        "Role/DefaultPolicy allows kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey*, "
        "kms:ReEncrypt* and 12 more",
    ]
    # The new role keeps its confused-deputy conditions: no SMS-SEC3 line above.
    assert headline_without_info(report) == "0 destructive, 0 slow, 0 costly, 6 security, 0 warning"


def test_number_replacement_releases_or_fails_the_deploy(revision: Revisions) -> None:
    report = report_for(revision, "replace")
    assert notable_lines(report) == [
        "DESTRUCTIVE  shop us-east-1  phone number shop-trial will be REPLACED (NumberCapabilities changed): a new "
        "number is leased and the old one RELEASED (gone for good; its registration loses the number)  "
        "[ack: replace:phone-number/shop-trial@us-east-1]",
        "COSTLY       shop us-east-1  phone number shop-trial: replacement SIMULATOR number in US, leased monthly "
        "from the day it is requested",
        "WARNING      shop us-east-1  phone number shop-main: MessageType changed, which only a new number can "
        "satisfy; the deploy will FAIL unless allow_replacement is set (then a new number is leased)",
    ]
    assert (
        headline_without_info(report) == "1 destructive (1 not acknowledged), 0 slow, 1 costly, 0 security, 1 warning"
    )


@pytest.mark.parametrize("head", ["destructive", "slow", "costly", "security", "replace"])
def test_every_change_is_reported_in_the_same_order_twice(revision: Revisions, head: str) -> None:
    """Determinism: two reports of the same pair render byte for byte the same."""
    assert render_text(report_for(revision, head)) == render_text(report_for(revision, head))
