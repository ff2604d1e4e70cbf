"""Config values against the real contracts (cfn-lint's resource schemas, botocore's shapes), and the
clean refusals of what is not supported (registration types, lint suppressions, sender-ID countries).

The broken-config corpus (``broken/``) holds the exact errors; these tests prove where the rules come
from (the installed schemas and model, not a copy), how patterns are matched, and the warnings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.main import main
from sms_estate.yaml_app.config.contracts import (
    check_contracts,
    compiled,
    member_schema,
    property_schema,
    resource_schema,
)
from sms_estate.yaml_app.config.key_coverage import coverage_map
from sms_estate.yaml_app.config.loader import list_environments, load_environment
from sms_estate.yaml_app.config.semantic import Findings
from sms_estate.yaml_app.config.support import sender_id_registration
from sms_estate.yaml_app.config.yaml_source import read_yaml_mapping

SOURCE = Path("config/unit.yaml")


def contract_errors(doc: dict[str, Any]) -> list[tuple[str, str]]:
    findings = Findings()
    check_contracts(
        {"environment": "unit", "account": "111111111111", "regions": ["us-east-1"], **doc}, SOURCE, findings
    )
    return findings.errors


def test_the_sender_id_pattern_is_the_one_cfn_lint_ships() -> None:
    shipped = resource_schema("AWS::SMSVOICE::SenderId")
    assert shipped is not None
    pattern = shipped["properties"]["SenderId"]["pattern"]
    errors = contract_errors({"sender_ids": [{"sender_id": "Harborline", "iso_country_code": "GB"}]})
    assert errors == [
        ("sender_ids[0].sender_id", f"'Harborline' does not match {pattern} (AWS::SMSVOICE::SenderId.SenderId)")
    ]
    assert contract_errors({"sender_ids": [{"sender_id": "HARBORLINE", "iso_country_code": "GB"}]}) == []


def test_an_api_value_is_checked_against_the_botocore_shape() -> None:
    shape = member_schema("RequestPhoneNumber", "IsoCountryCode")
    assert shape is not None and shape["pattern"] == "[A-Z]{2}"
    number = {"name": "n", "number_type": "TOLL_FREE", "message_type": "TRANSACTIONAL", "iso_country_code": "usa"}
    assert contract_errors({"phone_numbers": [number]}) == [
        (
            "phone_numbers[0].iso_country_code",
            "'usa' is longer than the maximum length of 2 (it has 3 characters) (RequestPhoneNumber.IsoCountryCode)",
        ),
        ("phone_numbers[0].iso_country_code", "'usa' does not match [A-Z]{2} (RequestPhoneNumber.IsoCountryCode)"),
    ]


def test_a_number_enum_of_another_resource_type_is_checked() -> None:
    destination = {"name": "log", "type": "cloudwatch_logs", "event_types": ["TEXT_ALL"], "retention_days": 2}
    errors = contract_errors({"configuration_sets": [{"name": "c", "event_destinations": [destination]}]})
    assert len(errors) == 1
    where, message = errors[0]
    assert where == "configuration_sets[0].event_destinations[0].retention_days"
    assert message.startswith("2 is not one of 1, 3, 5, 7,") and message.endswith(
        "(AWS::Logs::LogGroup.RetentionInDays)"
    )


def test_a_list_is_checked_as_a_list_and_item_by_item() -> None:
    number = {"name": "n", "number_type": "TOLL_FREE", "message_type": "TRANSACTIONAL", "iso_country_code": "US"}
    errors = contract_errors({"phone_numbers": [{**number, "capabilities": ["SMS", "FAX", "VOICE", "MMS", "RCS"]}]})
    assert errors == [
        ("phone_numbers[0].capabilities", "has 5 items; at most 4 are allowed (RequestPhoneNumber.NumberCapabilities)"),
        (
            "phone_numbers[0].capabilities[1]",
            "'FAX' is not one of SMS, VOICE, MMS, RCS (RequestPhoneNumber.NumberCapabilities)",
        ),
    ]


def test_a_region_override_is_checked_at_its_own_path() -> None:
    destination = {"name": "log", "type": "cloudwatch_logs", "event_types": ["TEXT_ALL"], "retention_days": 30}
    override = {"configuration_sets": {"c": {"event_destinations": [{**destination, "retention_days": 4}]}}}
    errors = contract_errors(
        {
            "configuration_sets": [{"name": "c", "event_destinations": [destination]}],
            "region_overrides": {"us-east-1": override},
        }
    )
    assert [where for where, _ in errors] == [
        "region_overrides.us-east-1.configuration_sets.c.event_destinations[0].retention_days"
    ]


def test_values_that_are_not_sent_as_written_are_not_checked_against_the_target() -> None:
    """``submit: true`` triggers SubmitRegistrationVersion (its RegistrationId is not the boolean); a pool's
    phone_numbers are names whose ARNs are sent (``ref``), not ARNs."""
    registration = {"name": "r", "type": "US_TOLL_FREE_REGISTRATION", "submit": True, "fields": {"a.b": "x"}}
    pool = {"name": "p", "phone_numbers": ["n"]}
    assert contract_errors({"registrations": [registration], "pools": [pool]}) == []


def test_patterns_match_the_whole_value_and_dollar_means_the_end() -> None:
    assert compiled("^[A-Z0-9_-]+$").fullmatch("HARBORLINE")
    assert not compiled("^[A-Z0-9_-]+$").fullmatch("HARBORLINE\n")
    assert not compiled("[A-Z]{2}").fullmatch("USA")  # botocore patterns are unanchored: the service matches all


def test_a_java_pattern_python_re_cannot_read_is_still_checked() -> None:
    """The pool keyword pattern has Java's ``(?i)`` in mid-pattern, which ``re`` refuses."""
    pool_schema = resource_schema("AWS::SMSVOICE::Pool")
    assert pool_schema is not None
    keyword = property_schema(pool_schema, "OptionalKeywords[].Keyword")
    assert keyword is not None
    matcher = compiled(keyword["pattern"])
    assert matcher.fullmatch("UNSTOP")
    assert not matcher.fullmatch("Stop")
    assert not matcher.fullmatch("UNSTOP\n")


def test_every_mapped_target_exists_in_the_installed_contracts() -> None:
    """A typo in key_coverage.json would silently check nothing: every AWS:: property path resolves in
    cfn-lint's schema (but an attribute, the logical ID or the keys of an object), every API member in
    botocore's model."""
    for key, entry in coverage_map()["keys"].items():
        cloudformation = entry.get("cloudformation", {})
        path = str(cloudformation.get("path", ""))
        if str(cloudformation.get("type", "")).startswith("AWS::") and path != "DeletionPolicy" and "@" not in path:
            schema = resource_schema(cloudformation["type"])
            assert schema is not None, key
            assert property_schema(schema, path) is not None, key
        if "api" in entry:
            assert member_schema(entry["api"]["operation"], entry["api"]["member"]) is not None, key


@pytest.mark.parametrize("name", list_environments())
def test_sample_environments_meet_the_contracts(name: str) -> None:
    doc = read_yaml_mapping(CONFIG_DIR / f"{name}.yaml", display=name)
    findings = Findings()
    check_contracts(doc, CONFIG_DIR / f"{name}.yaml", findings)
    assert findings.errors == []


def write_env(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f'environment: {name}\naccount: "111111111111"\nregions: [ap-southeast-2]\n{body}')
    return path


def test_a_sender_id_where_the_guide_requires_registration_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_env(tmp_path, "au", "sender_ids:\n  - {sender_id: HARBORLINE, iso_country_code: AU}\n")
    environment = load_environment(path)
    assert [(w.path, w.message) for w in environment.warnings] == [
        (
            "sender_ids[0].iso_country_code",
            "Australia (AU): the SMS user guide lists sender IDs there as 'Registration required' (Senders are "
            "required to use a pre-registered alphabetic Sender ID; note 1 of its country table); no registration "
            "type shipped with sms-estate registers sender IDs in AU, so 'HARBORLINE' cannot send until it is "
            "registered outside sms-estate (a support case)",
        )
    ]
    assert main(["validate", str(path)]) == 0
    assert "warning: " in capsys.readouterr().out


def test_a_sender_id_where_the_guide_needs_no_registration_is_quiet(tmp_path: Path) -> None:
    path = write_env(tmp_path, "gb", "sender_ids:\n  - {sender_id: HARBORLINE, iso_country_code: GB}\n")
    assert load_environment(path).warnings == ()


def test_the_country_table_is_data_with_its_source() -> None:
    table = sender_id_registration()
    assert "Supported countries and regions (SMS channel)" in table["_source"]
    assert {"AU", "IN", "PH", "SA", "AE", "TH", "VN"} <= set(table["countries"])
    assert all(entry["note"] in table["notes"] for entry in table["countries"].values())
    shipped = json.loads(
        Path(__file__)
        .parents[3]
        .joinpath("constructs/sms_estate/yaml_app/config/sender_id_registration.json")
        .read_text()
    )
    assert shipped == table
