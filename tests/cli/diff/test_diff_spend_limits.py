"""Spend limits in the diff: raising one (or setting one that was not managed) is costly, lowering is info."""

from __future__ import annotations

from typing import Any

import pytest

from sms_estate.cli.diff.consequences import classify
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import diff_templates
from sms_runtime.contract import SPEND_LIMITS_TYPE, SpendLimitsProps


def _template(**limits: int) -> dict[str, Any]:
    names = {"text": SpendLimitsProps.TEXT, "voice": SpendLimitsProps.VOICE, "media": SpendLimitsProps.MEDIA}
    if not limits:
        return {"Resources": {}}
    properties = {names[kind]: value for kind, value in limits.items()}
    return {"Resources": {"SpendLimits": {"Type": SPEND_LIMITS_TYPE, "Properties": properties}}}


def _classified(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Severity, str]]:
    (change,) = diff_templates("prod", "us-east-1", "SmsEstate-prod-us-east-1", before, after)
    return [(c.rule.id, c.severity, c.finding.message) for c in classify(change)]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            {"text": 50},
            {"text": 80},
            [("SMS-C5", Severity.COSTLY, "spend limit text in us-east-1: 50 -> 80 USD per month, raised in place")],
        ),
        (
            {},
            {"voice": 10},
            [
                (
                    "SMS-C5",
                    Severity.COSTLY,
                    "spend limit voice in us-east-1: not managed -> 10 USD per month, raised in place",
                )
            ],
        ),
        (
            {"text": 50},
            {"text": 20},
            [("SMS-I4", Severity.INFO, "spend limit text in us-east-1: 50 -> 20 USD per month, lowered in place")],
        ),
        (
            {"text": 50, "media": 5},
            {"text": 50},
            [
                (
                    "SMS-I4",
                    Severity.INFO,
                    "spend limit media in us-east-1: 5 USD no longer managed, previous restored",
                )
            ],
        ),
    ],
)
def test_a_spend_limit_change_is_classified_by_its_direction(
    before: dict[str, int], after: dict[str, int], expected: list[tuple[str, Severity, str]]
) -> None:
    assert _classified(_template(**before), _template(**after)) == expected


def test_one_deploy_raising_one_kind_and_lowering_another_says_both() -> None:
    found = _classified(_template(text=50, voice=40), _template(text=60, voice=30))
    assert [(rule_id, severity) for rule_id, severity, _message in found] == [
        ("SMS-C5", Severity.COSTLY),
        ("SMS-I4", Severity.INFO),
    ]


def test_an_unchanged_limit_next_to_a_raised_one_is_not_mentioned() -> None:
    found = _classified(_template(text=50, voice=40), _template(text=50, voice=45))
    assert [message for _id, _severity, message in found] == [
        "spend limit voice in us-east-1: 40 -> 45 USD per month, raised in place"
    ]
