"""``sms-estate import-csv CSV --env ENV``: one registration (and one phone number) per CSV row.

Exit codes: 0 imported (warnings printed), 2 the CSV or a row has errors (nothing written but the
report), so a broken row never reaches the config. The header format is in docs/bulk.md.

What is written passes ``validate`` first: the merged document is dumped to text, read back and put
through the loader's own checks (:func:`sms_estate.yaml_app.config.loader.check_document`) before a byte
reaches the disk. No output path (``--out``, ``--report``) may be the CSV itself, nor the report
the config, whatever symlinks or hard links lead there: an import never destroys its input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from sms_estate.yaml_app.bulk.csv_import import ImportResult, import_csv
from sms_estate.yaml_app.bulk.import_report import render_problem, render_report
from sms_estate.yaml_app.config.loader import check_document, environment_file, schema_problems
from sms_estate.yaml_app.config.yaml_source import read_yaml_mapping
from sms_estate.yaml_app.errors import ConfigError, Problem, UserFacingError

NAME = "import-csv"
HELP = "Turn a CSV of registrations (one per row) into config entries, linted, with a per-row report."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", metavar="CSV", type=Path, help="the registrations CSV (see docs/bulk.md)")
    parser.add_argument("--env", required=True, help="environment name (config/ENV.yaml) or a path to its YAML file")
    parser.add_argument("--region", help="region of rows without a Region column (default: the first region)")
    parser.add_argument("--out", type=Path, help="where to write the merged environment (default: the ENV file)")
    parser.add_argument("--report", type=Path, help="per-row report, CSV or .json (default: CSV.report.csv)")
    parser.add_argument("--shards", type=int, help="also set bulk.shards to this many stacks per region")


def run(args: argparse.Namespace) -> int:
    source = environment_file(args.env)
    out: Path = args.out or source
    report: Path = args.report or args.csv.with_name(f"{args.csv.stem}.report.csv")
    if args.shards is not None and args.shards < 1:
        raise UserFacingError([Problem("--shards", "", "must be at least 1")])
    _refuse_overwriting_inputs(args.csv, source, out, report)
    document = read_yaml_mapping(source)
    problems = schema_problems(document, str(source))
    if problems:  # the rows are merged into this document: its shape must be the schema's
        raise ConfigError(problems, headline=f"{source} does not match the config schema; fix it before importing")
    result = import_csv(
        args.csv,
        document,
        display=args.csv.name,
        out_dir=out.parent,
        source=out,
        region=args.region,
        shards=args.shards,
    )
    text = yaml.safe_dump(result.document, sort_keys=False, allow_unicode=True, width=120)
    verdict = _final_check(text, out) if result.ok else None
    report.write_text(render_report(result.rows, report), encoding="utf-8")
    _print_findings(args.csv.name, result)
    if not result.ok:
        problems = [Problem(str(out), path, message) for path, message in result.other_errors]
        failed = sum(1 for row in result.rows if row.status == "error")
        what = f"{failed} of {len(result.rows)} rows have errors" if failed else "the merged config would be invalid"
        raise UserFacingError(problems, headline=f"{what}; {out} not written (report: {report})")
    if verdict is not None:
        raise UserFacingError(verdict.problems, headline=f"the merged config would be invalid; {out} not written")
    out.write_text(text, encoding="utf-8")
    counts = {status: sum(1 for row in result.rows if row.status == status) for status in ("ok", "warning")}
    print(
        f"{out}: {len(result.rows)} rows imported ({counts['ok']} ok, {counts['warning']} with warnings); report: {report}"
    )
    return 0


def _final_check(text: str, out: Path) -> ConfigError | None:
    """What ``validate`` would say about ``text`` once written to ``out`` (``None``: valid)."""
    data: Any = yaml.safe_load(text)
    try:
        check_document(data, out, str(out))
    except ConfigError as error:
        return error
    return None


def _same_file(first: Path, second: Path) -> bool:
    """One file under two names: the same resolved path (symlinks followed), or the same inode (hard links)."""
    if first.resolve() == second.resolve():
        return True
    try:
        return first.samefile(second)
    except OSError:  # one of them does not exist yet: no link can join them
        return False


def _refuse_overwriting_inputs(csv_path: Path, source: Path, out: Path, report: Path) -> None:
    """Exit 2 before reading anything if an output would replace an input or the other output."""
    clashes = [
        ("--out", out, "the CSV", csv_path),
        ("--report", report, "the CSV", csv_path),
        ("--report", report, "the environment file", source),
        ("--report", report, "--out", out),
    ]
    problems = [
        Problem(option, "", f"{path} is the same file as {what} ({other}); choose another path")
        for option, path, what, other in clashes
        if _same_file(path, other)
    ]
    if problems:
        raise UserFacingError(problems, headline="nothing read or written: an output would overwrite an input")


def _print_findings(csv_name: str, result: ImportResult) -> None:
    for row in result.rows:
        for finding in row.findings:
            stream = sys.stderr if finding.severity == "error" else sys.stdout
            print(f"{finding.severity}: {render_problem(csv_name, row, finding.column, finding.message)}", file=stream)
