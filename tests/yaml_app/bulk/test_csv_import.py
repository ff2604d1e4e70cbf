"""import-csv: blog and field-path headers, per-row problems with row and column, nothing written on error."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.csv_samples import BLOG_HEADERS, row, rows, write_csv, write_environment

from sms_estate.cli.main import main
from sms_estate.yaml_app.bulk.csv_columns import resolve

REPO = Path(__file__).resolve().parents[3]


def _import(tmp_path: Path, records: list[dict[str, str]], *extra: str, headers: tuple[str, ...] = BLOG_HEADERS) -> int:
    csv_path = write_csv(tmp_path / "regs.csv", records, headers)
    config = write_environment(tmp_path, "bulk")
    return main(["import-csv", str(csv_path), "--env", str(config), *extra])


def _config(tmp_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((tmp_path / "bulk.yaml").read_text())
    return loaded


def test_blog_headers_and_field_path_headers_give_the_same_entries(tmp_path: Path) -> None:
    blog, paths = tmp_path / "blog", tmp_path / "paths"
    blog.mkdir()
    paths.mkdir()
    assert _import(blog, rows(3)) == 0
    by_path = [{resolve(h).target: v for h, v in record.items()} for record in rows(3)]  # type: ignore[union-attr]
    assert _import(paths, by_path, headers=tuple(by_path[0])) == 0
    assert _config(blog)["registrations"] == _config(paths)["registrations"]


def test_each_row_becomes_a_registration_with_one_toll_free_number(tmp_path: Path) -> None:
    assert _import(tmp_path, rows(2)) == 0
    config = _config(tmp_path)
    first = config["registrations"][0]
    assert first["name"] == "harborridge-dental-000-llc"
    assert first["phone_numbers"] == [first["name"]]
    assert first["fields"]["messagingUseCase.useCaseCategory"] == "ACCOUNT_NOTIFICATIONS"  # "Notifications"
    assert config["phone_numbers"][0] == {
        "name": first["name"],
        "number_type": "TOLL_FREE",
        "iso_country_code": "US",
        "message_type": "TRANSACTIONAL",
    }


def test_number_columns_and_region_override_the_defaults(tmp_path: Path) -> None:
    record = {**row(0), "Message Type": "promotional", "Region": "us-west-2"}
    assert _import(tmp_path, [record], headers=(*BLOG_HEADERS, "Message Type", "Region")) == 0
    config = _config(tmp_path)
    assert config["phone_numbers"][0]["message_type"] == "PROMOTIONAL"
    assert config["registrations"][0]["region"] == config["phone_numbers"][0]["region"] == "us-west-2"


def test_a_second_filing_of_the_same_company_gets_a_distinct_deterministic_name(tmp_path: Path) -> None:
    twin = {**row(0), "Use Case Category": "One-time passcodes"}
    assert _import(tmp_path, [row(0), twin]) == 0
    names = [r["name"] for r in _config(tmp_path)["registrations"]]
    assert names == ["harborridge-dental-000-llc", "harborridge-dental-000-llc-one-time-passcodes"]


def test_reimporting_the_same_csv_updates_entries_instead_of_adding_them(tmp_path: Path) -> None:
    assert _import(tmp_path, rows(3)) == 0
    first = (tmp_path / "bulk.yaml").read_text()
    assert main(["import-csv", str(tmp_path / "regs.csv"), "--env", str(tmp_path / "bulk.yaml")]) == 0
    assert (tmp_path / "bulk.yaml").read_text() == first


def test_a_duplicate_filing_is_refused_on_the_row_that_repeats_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeated = {**row(1), "Company Name": row(0)["Company Name"]}
    assert _import(tmp_path, [row(0), repeated], "--report", str(tmp_path / "report.json")) == 2
    err = capsys.readouterr().err
    assert "regs.csv: row 3: " in err and "again; registration 'harborridge-dental-000-llc' already does" in err
    assert "Traceback" not in err
    assert _config(tmp_path).get("registrations") is None  # the environment file was not touched
    report = json.loads((tmp_path / "report.json").read_text())["rows"]
    assert [(r["row"], r["status"] == "error") for r in report] == [(2, False), (3, True)]


def test_row_problems_name_the_csv_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = {**row(1), "Support Email": "not-an-email", "Monthly Message Volume": "lots"}
    assert _import(tmp_path, [row(0), bad]) == 2
    err = capsys.readouterr().err
    assert "error: regs.csv: row 3: column 'Monthly Message Volume': " in err
    assert "row 2:" not in err
    with (tmp_path / "regs.report.csv").open(newline="") as handle:
        report = list(csv.DictReader(handle))
    assert [r["status"] for r in report] == ["warning", "error"]  # row 2: only "no opt-in image attached"
    assert "TFN-OPTIN-IMAGE-RECOMMENDED" in report[0]["findings"] and "error" not in report[0]["findings"]
    assert "Monthly Message Volume" in report[1]["findings"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"Company Name,Favourite Colour\nAcme,blue\n", "unknown header 'Favourite Colour'"),
        (b"Company Name,companyInfo.companyName\nA,B\n", "fills the same as 'Company Name'"),
        (b"Company Name,Website\nAcme,https://a.example,extra\n", "row 2: has 3 cells but the header has 2"),
        (b"Company Name\n\xff\xfe\n", "is not UTF-8 text"),
        (b"Website\nhttps://a.example\n", "needs a 'Company Name'"),
    ],
)
def test_an_unusable_csv_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (tmp_path / "bad.csv").write_bytes(content)
    config = write_environment(tmp_path, "bulk")
    before = config.read_text()
    assert main(["import-csv", str(tmp_path / "bad.csv"), "--env", str(config)]) == 2
    err = capsys.readouterr().err
    assert message in err and "bad.csv" in err and "Traceback" not in err
    assert config.read_text() == before
    assert not (tmp_path / "bad.report.csv").exists()


def test_the_shipped_example_csv_imports_cleanly(tmp_path: Path) -> None:
    """Copied with its opt-in image next to the config: attachments must resolve inside the config's folder."""
    config = write_environment(tmp_path, "example")
    for name in ("registrations.csv", "optin-form.png"):
        shutil.copy(REPO / "docs" / "examples" / name, tmp_path / name)
    example = tmp_path / "registrations.csv"
    assert main(["import-csv", str(example), "--env", str(config), "--report", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text())["rows"]
    assert len(report) >= 3 and {r["status"] for r in report} == {"ok"}
