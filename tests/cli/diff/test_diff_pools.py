"""A pool renamed or removed leaves its numbers in the old pool: the diff blocks it (issue 12, point 8).

The base config's pool ``shop-main`` holds the number ``shop-main``; the edits are what a rename (a
new logical ID) or a removal from the config does to the synthesized template.
"""

from __future__ import annotations

from collections.abc import Callable

from cli.diff.test_diff_rules import Template, edited, lines, logical_id

from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import Revision

Revisions = Callable[[str], Revision]
POOL = "AWS::SMSVOICE::Pool"


def _pool_id(template: Template) -> str:
    return logical_id(template, POOL)


def test_a_renamed_pool_is_blocked_because_its_numbers_stay_in_the_old_one(revision: Revisions) -> None:
    base = revision("base")

    def rename(template: Template) -> None:
        old = _pool_id(template)
        template["Resources"][f"Renamed{old}"] = template["Resources"].pop(old)

    head = edited(base, rename)
    found = [line for line in lines(base, head) if line.startswith("DESTRUCTIVE") and "pool" in line]
    assert found == [
        "DESTRUCTIVE  shop us-east-1  pool shop-main will be replaced (renamed: replaced by a new resource): its 1 "
        "origination identities are still in the old pool, so the new pool's association FAILS until they are "
        "taken out of it  [ack: replace:pool/shop-main@us-east-1]",
    ]
    report = build_report(base, head)
    assert report.exit_code == 1
    assert build_report(base, head, ["replace:pool/shop-main@us-east-1"]).exit_code == 0


def test_a_removed_retained_pool_is_blocked(revision: Revisions) -> None:
    base = revision("base")

    def remove(template: Template) -> None:
        del template["Resources"][_pool_id(template)]

    head = edited(base, remove)
    found = [line for line in lines(base, head) if line.startswith("DESTRUCTIVE")]
    assert found == [
        "DESTRUCTIVE  shop us-east-1  pool shop-main leaves the stack but is kept: its 1 origination identities "
        "stay in it (they cannot be released or put in another pool until they are taken out)  "
        "[ack: remove:pool/shop-main@us-east-1]",
    ]
    assert build_report(base, head).exit_code == 1


def test_a_pool_edited_in_place_is_not_blocked(revision: Revisions) -> None:
    base = revision("base")

    def reword(template: Template) -> None:
        keywords = template["Resources"][_pool_id(template)]["Properties"]["MandatoryKeywords"]
        keywords["HELP"]["Message"] = "Harborline Pharmacy: help at +12065550142. Reply STOP to opt out."

    found = lines(base, edited(base, reword))
    assert found and not any(line.startswith("DESTRUCTIVE") for line in found)
