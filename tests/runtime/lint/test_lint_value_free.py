"""No personal data in failure reasons or logs (issue 13): findings name the field and the rule.

The registration Lambda puts ``render_text()`` into the CloudFormation failure reason, and
``live_rules.require_valid`` its own list of problems; neither may quote a value. Only the CLI adds
short excerpts (``details=True``), and never of a company or contact field.
"""

from __future__ import annotations

import pytest
from support.lint_corpus import load_cases
from support.lint_samples import registration

from sms_runtime.handlers.request import HandlerError
from sms_runtime.lint import lint_registration, paths
from sms_runtime.registration.definition_snapshots import available_registration_types
from sms_runtime.registration.field_definitions import load_snapshot
from sms_runtime.registration.live_rules import require_valid

SELECT = {
    path
    for registration_type in available_registration_types()
    for path, item in load_snapshot(registration_type).fields.items()
    if item.field_type == "SELECT"
}


def _values(fields: dict[str, object]) -> list[str]:
    """Every text value long enough to be recognisable (select options are the API's words)."""
    return [v.strip() for p, v in fields.items() if p not in SELECT and isinstance(v, str) and len(v.strip()) >= 5]


def test_no_corpus_report_quotes_a_value_in_the_handler_rendering() -> None:
    checked = 0
    for case in load_cases():
        for reg in case.registrations:
            report = case.reports[reg.name]
            rendered = report.render_text() + repr(report.to_json_dict())
            for value in _values(dict(reg.fields)):
                assert value not in rendered, f"{case.name}: a value of {reg.name} is in its report"
            checked += len(report.findings)
    assert checked > 100


def test_the_cli_rendering_shows_short_excerpts_but_none_of_personal_fields() -> None:
    reg = registration(
        contactInfo__firstName="Admin",
        contactInfo__supportPhoneNumber="+1 (209) 555-0143",
        messageSamples__messageSample1="BrightPath Dental: act now! http://bit.ly/x Reply STOP to opt out.",
    )
    report = lint_registration(reg)
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["TFN-URL-SHORTENER"].detail == "'http://bit.ly/x'"
    assert by_rule["TFN-CONTENT-DECEPTIVE"].detail == "'act now'"
    for rule in ("TFN-CONTACT-NAME", "TFN-CONTACT-PHONE-E164"):
        assert by_rule[rule].detail == "" and paths.is_personal(by_rule[rule].field)
    assert "found: 'act now'" in report.render_text(details=True)
    assert "bit.ly/x" not in report.render_text() and "Admin" not in report.render_text()


def test_require_valid_names_fields_and_rules_not_values() -> None:
    definition = load_snapshot("US_TOLL_FREE_REGISTRATION")
    values = {
        **registration().fields,
        "companyInfo.companyName": "Alma Reyes Sole Practice " * 10,
        "messagingUseCase.useCaseCategory": "ALMA-REYES-PRIVATE",
    }
    with pytest.raises(HandlerError) as raised:
        require_valid(definition, values, "Registration")
    reason = str(raised.value)
    assert "companyInfo.companyName" in reason and "messagingUseCase.useCaseCategory" in reason
    assert "Alma" not in reason and "ALMA-REYES" not in reason
