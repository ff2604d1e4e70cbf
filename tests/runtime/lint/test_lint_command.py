"""The ``lint`` command, run in-process: exit codes, text and JSON output, every input shape."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
import yaml
from support.lint_corpus import CORPUS
from support.lint_samples import FIELDS

from sms_estate.cli.main import main

JSON_KEYS = {"rule", "severity", "field", "message", "reason", "fix"}


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_compliant_file_exits_0_with_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(CORPUS / "ok-dental-reminders.yaml")]) == 0
    assert "brightpath-reminders: 0 errors, 0 warnings" in capsys.readouterr().out


def test_errors_exit_1_and_json_items_have_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(CORPUS / "bad-four-versions-story.yaml"), "--format", "json"]) == 1
    output = _json(capsys)
    findings = output["findings"]
    assert isinstance(findings, list) and findings
    assert all(set(item) >= JSON_KEYS for item in findings)
    assert {item["rule"] for item in findings} >= {"TFN-CONTACT-FREEMAIL", "TFN-OPTIN-PRESELECTED"}


def test_warnings_only_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(CORPUS / "bad-email-isv-domain.yaml"), "--format", "json"]) == 0
    assert [item["severity"] for item in _json(capsys)["findings"]] == ["warning"]


def test_flat_map_file_is_linted(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "flat.json"
    path.write_text(json.dumps({**FIELDS, "contactInfo.supportEmail": "bp@gmail.com"}), encoding="utf-8")
    assert main(["lint", str(path), "--format", "json"]) == 1
    rules = {(i["rule"], i["registration"]) for i in _json(capsys)["findings"]}
    assert ("TFN-CONTACT-FREEMAIL", "flat") in rules


def test_field_values_export_is_linted(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = [{"FieldPath": k, "TextValue": v} for k, v in FIELDS.items()]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"RegistrationId": "registration-1", "RegistrationFieldValues": items}), "utf-8")
    assert main(["lint", str(path)]) == 0
    assert "registration-1: 0 errors" in capsys.readouterr().out


def test_environment_config_lints_all_or_one_registration(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {"name": "good", "type": "US_TOLL_FREE_REGISTRATION", "fields": FIELDS}
    bad = {"name": "bad", "fields": {**FIELDS, "contactInfo.firstName": "Admin"}}
    path = tmp_path / "prod.yaml"
    path.write_text(yaml.safe_dump({"environment": "prod", "registrations": [good, bad]}), encoding="utf-8")
    assert main(["lint", str(path), "--format", "json"]) == 1
    assert _json(capsys)["summary"] == {"registrations": 2, "errors": 1, "warnings": 0}
    assert main(["lint", str(path), "--registration", "good"]) == 0
    capsys.readouterr()
    assert main(["lint", str(path), "--registration", "nope"]) == 2
    assert "no registration 'nope'" in capsys.readouterr().err


def test_suppression_in_the_file_turns_an_error_into_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(CORPUS / "ok-volume-suppressed-with-reason.yaml"), "--format", "json"]) == 0
    output = _json(capsys)
    assert output["findings"] == [] or all(i["severity"] == "info" for i in output["findings"])
    assert [i["rule"] for i in output["suppressed"]] == ["TFN-VOLUME-IMPLAUSIBLE"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("fields: [unclosed", ": line 2: did not find expected ',' or ']'"),  # libyaml marks the end
        ("- just\n- a list\n", ": expected a mapping at the top level"),
        ("fields:\n  companyInfo.city: true\n", ": fields.companyInfo.city: expected text or a list of choices"),
        (
            "fields: {}\nlint_suppressions:\n  - {rule: TFN-CONTACT-NAME, reason: ok}\n",
            ": lint_suppressions[0]: suppression of TFN-CONTACT-NAME needs a written reason",
        ),
    ],
)
def test_unreadable_input_exits_2_with_one_located_line(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}") and expected in err and "Traceback" not in err


def test_missing_file_exits_2(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(tmp_path / "absent.yaml")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_config_entry_and_flat_map_files_with_the_same_attachment_get_the_same_findings(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same verdict whatever the form (issue 18): the flat map's file is checked, not a reference."""
    (tmp_path / "optin.png").write_bytes(b"GIF89a" + b"\x00" * 500)  # a GIF named .png
    entry = {"name": "same", "type": "US_TOLL_FREE_REGISTRATION", "fields": FIELDS}
    entry["attachments"] = {"messagingUseCase.optInImage": "optin.png"}
    (tmp_path / "entry.yaml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    (tmp_path / "same.yaml").write_text(
        yaml.safe_dump({**FIELDS, "messagingUseCase.optInImage": "optin.png"}), encoding="utf-8"
    )
    outputs = []
    for name in ("entry.yaml", "same.yaml"):
        assert main(["lint", str(tmp_path / name), "--format", "json"]) == 1
        outputs.append(_json(capsys))
    assert outputs[0] == outputs[1]
    assert [item["rule"] for item in outputs[0]["findings"]] == ["TFN-ATTACH-FORMAT"]


def test_ten_dlc_environment_links_campaign_to_brand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(CORPUS / "bad-10dlc-sample-unbranded.yaml"), "--format", "json"]) == 1
    findings = _json(capsys)["findings"]
    assert [(i["registration"], i["rule"]) for i in findings] == [("larkspur-delivery", "DLC-SAMPLE-BRAND")]


def test_one_campaign_of_an_environment_is_linted_with_its_brand(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "bad-10dlc-sample-unbranded.yaml"
    assert main(["lint", str(path), "--registration", "larkspur-delivery", "--format", "json"]) == 1
    output = _json(capsys)
    assert [(i["registration"], i["rule"]) for i in output["findings"]] == [("larkspur-delivery", "DLC-SAMPLE-BRAND")]
    assert output["summary"]["registrations"] == 1
