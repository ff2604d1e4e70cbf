"""The corpus: every case reports exactly its expected findings, and every rule is exercised."""

from __future__ import annotations

import pytest
from support.lint_corpus import Case, flagged, load_cases

from sms_runtime.lint import RULES

CASES = load_cases()
COMPLIANT = [case for case in CASES if case.compliant]
FLAGGING_RULES = sorted(rule.id for rule in RULES.values() if rule.severity != "info")


def test_corpus_has_at_least_60_cases_across_several_compliant_use_cases() -> None:
    assert len(CASES) >= 60
    categories = {
        str(reg.fields.get("messagingUseCase.useCaseCategory")) for case in COMPLIANT for reg in case.registrations
    }
    assert len(COMPLIANT) >= 10
    assert len(categories) >= 6, categories


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_reports_exactly_its_expected_errors_and_warnings(case: Case) -> None:
    assert flagged(case.reports) == set(case.expect), case.about


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_is_labelled_consistently(case: Case) -> None:
    if case.compliant:
        assert not case.expect and not case.prevents
    else:
        assert case.expect and case.prevents, "a non-compliant case names what it finds and what it prevents"


@pytest.mark.parametrize("rule_id", FLAGGING_RULES)
def test_rule_fires_on_some_non_compliant_case(rule_id: str) -> None:
    assert any(rule_id == rule for case in CASES if not case.compliant for rule, _field in case.expect)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_reports_no_error_or_warning_on_any_compliant_case(rule_id: str) -> None:
    for case in COMPLIANT:
        for report in case.reports.values():
            assert not [f for f in report.findings if f.rule == rule_id and f.severity != "info"], case.name


def test_suppressed_compliant_case_keeps_the_waived_finding_visible() -> None:
    case = next(case for case in CASES if case.name == "ok-volume-suppressed-with-reason")
    (report,) = case.reports.values()
    assert report.findings == ()
    assert [finding.rule for finding, _why in report.suppressed] == ["TFN-VOLUME-IMPLAUSIBLE"]
