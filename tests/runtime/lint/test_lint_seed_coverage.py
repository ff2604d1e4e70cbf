"""The coverage map accounts for every seed-table row, and names only rules that exist and are exercised."""

from __future__ import annotations

import ast
import pathlib
from collections import Counter

import pytest
from support.lint_corpus import load_cases

from sms_runtime.lint import RULES, data, reasons
from sms_runtime.lint.checks.structure import FIELD_REASONS, TEN_DLC_FIELD_REASONS

ROWS = data.load("seed_coverage")["rows"]
ROW_KEYS = {f"{row['table']}: {row['reason']}" for row in ROWS}
CASES = load_cases()


def test_every_row_of_the_seed_tables_is_listed_once() -> None:
    # AWS: 10 short descriptions; Sinch: 42 rows; Twilio: 13 eligible + 20 ineligible rows; the guide's
    # 10DLC campaign rejection table: 17 rows; its 10DLC brand and campaign forms: 9 stated requirements.
    tables = Counter(row["table"] for row in ROWS)
    assert tables == {"AWS": 10, "Sinch": 42, "Twilio": 33, "10DLC": 17, "10DLC form": 9}
    assert len(ROW_KEYS) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['table']}: {row['reason']}"[:60])
def test_row_names_existing_rules_or_says_why_not_checkable(row: dict[str, object]) -> None:
    rules = row["rules"]
    assert isinstance(rules, list)
    if rules:
        assert set(rules) <= set(RULES)
    else:
        assert len(str(row.get("not_checkable", ""))) > 20


def test_every_checkable_row_is_demonstrated_by_a_corpus_case() -> None:
    prevented = {reason for case in CASES for reason in case.prevents}
    checkable = {f"{row['table']}: {row['reason']}" for row in ROWS if row["rules"]}
    assert checkable - prevented == set()
    assert prevented - ROW_KEYS == set(), "cases may only name real rows"


def test_every_rule_named_by_the_map_is_expected_by_a_corpus_case() -> None:
    named = {rule for row in ROWS for rule in row["rules"]}
    expected = {rule for case in CASES for rule, _field in case.expect}
    assert named - expected == set()


def test_checkable_rows_are_the_large_majority() -> None:
    checkable = sum(1 for row in ROWS if row["rules"])
    assert (checkable, len(ROWS) - checkable) == (99, 12)


def test_every_reason_a_rule_can_give_is_a_row_of_the_map() -> None:
    given = {reason for rule in RULES.values() for reason in rule.reasons}
    given |= {reason for _prefixes, reasons in (*FIELD_REASONS, *TEN_DLC_FIELD_REASONS) for reason in reasons}
    assert given - ROW_KEYS == set()


def test_reason_constants_are_rows_of_the_map() -> None:
    tree = ast.parse(pathlib.Path(reasons.__file__).read_text(encoding="utf-8"))
    constants = [node.value.value for node in tree.body if isinstance(node, ast.Assign)]  # type: ignore[attr-defined]
    assert constants and set(constants) <= ROW_KEYS
