"""``sms-estate import-csv CSV --env ENV``: one registration (and one phone number) per CSV row.

Exit codes: 0 imported (warnings printed), 2 the CSV or a row has errors (nothing written but the
report), so a broken row never reaches the config. The header format is in docs/bulk.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from sms_estate.bulk.csv_import import ImportResult, import_csv
from sms_estate.bulk.import_report import render_problem, render_report
from sms_estate.config.loader import environment_file
from sms_estate.config.yaml_source import read_yaml_mapping
from sms_estate.errors import Problem, UserFacingError

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
    document = read_yaml_mapping(source)
    result = import_csv(
        args.csv,
        document,
        display=args.csv.name,
        out_dir=out.parent,
        source=out,
        region=args.region,
        shards=args.shards,
    )
    report.write_text(render_report(result.rows, report), encoding="utf-8")
    _print_findings(args.csv.name, result)
    if not result.ok:
        problems = [Problem(str(out), path, message) for path, message in result.other_errors]
        failed = sum(1 for row in result.rows if row.status == "error")
        what = f"{failed} of {len(result.rows)} rows have errors" if failed else "the merged config would be invalid"
        raise UserFacingError(problems, headline=f"{what}; {out} not written (report: {report})")
    out.write_text(yaml.safe_dump(result.document, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    counts = {status: sum(1 for row in result.rows if row.status == status) for status in ("ok", "warning")}
    print(
        f"{out}: {len(result.rows)} rows imported ({counts['ok']} ok, {counts['warning']} with warnings); report: {report}"
    )
    return 0


def _print_findings(csv_name: str, result: ImportResult) -> None:
    for row in result.rows:
        for finding in row.findings:
            stream = sys.stderr if finding.severity == "error" else sys.stdout
            print(f"{finding.severity}: {render_problem(csv_name, row, finding.column, finding.message)}", file=stream)
