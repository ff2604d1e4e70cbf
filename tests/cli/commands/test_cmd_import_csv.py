"""Hostile and careless CSVs for ``import-csv``: each ends in exact clean lines, exit 2, quickly, nothing written.

"Nothing written" means the environment file keeps its bytes, and (for file-level errors and refused
output paths) no report exists either; a row-level error still writes the report, which is the point
of the report. Limits are those of ``sms_estate.yaml_app.config.limits``.
"""

from __future__ import annotations

import csv
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support.csv_samples import BLOG_HEADERS, row, write_csv, write_environment

from sms_estate.cli.main import main
from sms_estate.yaml_app.bulk.import_report import spreadsheet_safe
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.limits import MAX_CSV_BYTES, MAX_CSV_CELL_CHARS, MAX_CSV_ROWS
from sms_estate.yaml_app.errors import ConfigError

SECONDS = 10.0  # every case here, on a loaded 2-core machine; the 130 KB-cell case took 162 s before


class Run:
    """One ``import-csv`` run in a fresh folder: its exit code, stderr lines and how long it took."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = write_environment(folder, "bulk")
        self.before = self.config.read_bytes()
        self.csv = folder / "regs.csv"

    def __call__(self, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
        started = time.monotonic()
        code = main(["import-csv", str(self.csv), "--env", str(self.config), *extra])
        self.seconds = time.monotonic() - started
        err = capsys.readouterr().err
        assert "Traceback" not in err
        return code, err.splitlines()

    def config_untouched(self) -> bool:
        return self.config.read_bytes() == self.before and sorted(p.name for p in self.folder.glob("*.yaml")) == [
            "bulk.yaml"
        ]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return Run(tmp_path)


def rows_with_name(*names: str) -> list[dict[str, str]]:
    return [{**row(index), "Name": name} for index, name in enumerate(names)]


NAMED = (*BLOG_HEADERS, "Name")


@pytest.mark.parametrize("name", ["harbor/ridge", "x" * 300])
def test_a_name_the_schema_refuses_is_the_row_error_validate_gives(
    run: Run, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """The same words as ``validate`` on a config holding that name: the same checks, on the row and column."""
    write_csv(run.csv, rows_with_name(name), NAMED)
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: regs.csv: row 2: column 'Name': {_validate_says(run.folder, name)}",
        f"error: 1 of 1 rows have errors; {run.config} not written (report: {run.folder}/regs.report.csv)",
    ]
    assert run.config_untouched()


def _validate_says(folder: Path, name: str) -> str:
    """What ``validate`` reports for a registration of that name (its ``registrations[0].name`` line)."""
    probe = folder / "probe"
    probe.mkdir()
    config = write_environment(probe, "probe")
    entry = {"name": name, "type": "US_TOLL_FREE_REGISTRATION", "fields": {}}
    data = {**yaml.safe_load(config.read_text()), "registrations": [entry]}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_environment(config)
    (problem,) = [p for p in refused.value.problems if p.path == "registrations[0].name"]
    return problem.message


def test_a_repeated_name_is_an_error_on_the_second_row_not_a_value_error(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(run.csv, rows_with_name("same", "same"), NAMED)
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert [line for line in lines if line.startswith("error:")] == [
        "error: regs.csv: row 3: column 'Name': repeats the name 'same' of row 2",
        f"error: 1 of 2 rows have errors; {run.config} not written (report: {run.folder}/regs.report.csv)",
    ]
    assert run.config_untouched()


def test_a_5000_digit_volume_is_an_oversized_cell_not_a_value_error(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(run.csv, [{**row(0), "Monthly Message Volume": "9" * 5000}])
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert lines[0] == (
        f"error: regs.csv: row 2: column 'Monthly Message Volume': has 5,000 characters; "
        f"a cell may have at most {MAX_CSV_CELL_CHARS:,}"
    )
    assert run.config_untouched()


def test_four_130kb_cells_are_refused_in_seconds_without_linting_them(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = ("a" * 129_999) + "!"  # below the csv module's own 131,072-character field limit
    columns = ("Company Name", "Use Case Details", "Opt-In Description", "Message Sample 1")
    write_csv(run.csv, [{**row(0), **dict.fromkeys(columns, huge)}])
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    limit = f"has 130,000 characters; a cell may have at most {MAX_CSV_CELL_CHARS:,}"
    assert lines[:4] == [f"error: regs.csv: row 2: column '{column}': {limit}" for column in columns]
    assert run.config_untouched()


def test_formulas_in_the_report_are_escaped_as_owasp_says(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]
    write_csv(run.csv, rows_with_name(*hostile), NAMED)
    code, _ = run(capsys)
    assert code == 2
    with (run.folder / "regs.report.csv").open(newline="", encoding="utf-8") as handle:
        cells = [cell for record in csv.reader(handle) for cell in record]
    assert [cell for cell in cells if cell.lstrip("'") in hostile] == [f"'{name}" for name in hostile]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert run.config_untouched()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted_and_plain_text_is_not(start: str) -> None:
    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe("harbor-ridge") == "harbor-ridge"


@pytest.mark.parametrize("option", ["--out", "--report"])
@pytest.mark.parametrize("link", ["same path", "symlink", "hard link"])
def test_no_output_may_overwrite_the_csv(run: Run, capsys: pytest.CaptureFixture[str], option: str, link: str) -> None:
    write_csv(run.csv, [row(0)])
    csv_bytes = run.csv.read_bytes()
    target = run.folder / "alias.csv"
    if link == "same path":
        target = run.folder / "sub" / ".." / "regs.csv"
        (run.folder / "sub").mkdir()
    elif link == "symlink":
        target.symlink_to(run.csv)
    else:
        os.link(run.csv, target)
    code, lines = run(capsys, option, str(target))
    assert code == 2 and run.seconds < SECONDS
    assert lines == [
        "error: nothing read or written: an output would overwrite an input",
        f"error: {option}: {target} is the same file as the CSV ({run.csv}); choose another path",
    ]
    assert run.csv.read_bytes() == csv_bytes
    assert run.config_untouched() and not (run.folder / "regs.report.csv").exists()


def test_the_report_may_not_overwrite_the_config(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(run.csv, [row(0)])
    code, lines = run(capsys, "--report", str(run.config))
    assert code == 2
    assert lines[1] == (
        f"error: --report: {run.config} is the same file as the environment file ({run.config}); choose another path"
    )
    assert run.config_untouched()


def test_a_result_validate_would_refuse_is_not_written(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    """Rows fine, merged config not: written as other.yaml it no longer matches its ``environment: bulk``."""
    write_csv(run.csv, [row(0)])
    other = run.folder / "other.yaml"
    code, lines = run(capsys, "--out", str(other))
    assert code == 2
    assert lines[-2:] == [
        f"error: the merged config would be invalid; {other} not written (report: {run.folder}/regs.report.csv)",
        f"error: {other}: environment: is 'bulk' but the file is other.yaml; they must match",
    ]
    assert not other.exists() and run.config_untouched()


def test_what_is_written_passes_validate(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(run.csv, [row(0), row(1)])
    code, _ = run(capsys)
    assert code == 0
    assert main(["validate", str(run.config)]) == 0


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    yield path
    # a reader stuck on the FIFO (the bug) would be released by this writer
    threading.Thread(target=lambda: path.open("w").close(), daemon=True).start()


def test_a_fifo_is_refused_at_once(run: Run, capsys: pytest.CaptureFixture[str], fifo: Path) -> None:
    run.csv = fifo
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert lines == [f"error: {fifo.name}: is not a regular file"]
    assert run.config_untouched() and not (run.folder / "pipe.report.csv").exists()


def test_a_file_over_the_size_limit_is_not_read(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with run.csv.open("wb") as handle:
        handle.truncate(MAX_CSV_BYTES + 1)  # sparse: costs no disk
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert lines == [f"error: regs.csv: is larger than the limit of {MAX_CSV_BYTES:,} bytes"]
    assert run.config_untouched()


def test_more_rows_than_the_limit_stop_the_import(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    run.csv.write_text("Company Name\n" + "".join(f"Acme {i} LLC\n" for i in range(MAX_CSV_ROWS + 1)))
    code, lines = run(capsys)
    assert code == 2 and run.seconds < SECONDS
    assert lines == [f"error: regs.csv: row {MAX_CSV_ROWS + 2}: more than {MAX_CSV_ROWS:,} rows; split the file"]
    assert run.config_untouched() and not (run.folder / "regs.report.csv").exists()
