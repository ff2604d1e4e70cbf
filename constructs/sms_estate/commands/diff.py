"""``sms-estate diff``: what a change to the estate will do, per environment and region, in plain words.

Synthesizes two revisions offline (git refs, ``cdk.out`` folders, or the working tree) and classifies
each resource change: destructive, slow, costly, security, warning or info. Exit codes: 0 when no
destructive change is left unacknowledged, 1 when one is, 2 for usage or config errors.
"""

from __future__ import annotations

import argparse
import sys

from sms_estate.cdk_json import REPO_ROOT
from sms_estate.diff.render import RENDERERS
from sms_estate.diff.report import build_report
from sms_estate.diff.revisions import load_revision
from sms_estate.errors import Problem, UserFacingError

NAME = "diff"
HELP = (
    "Compare two revisions (git refs or cdk.out folders; head defaults to the working tree) and say what "
    "each messaging change will do; exit 1 on an unacknowledged destructive change."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REF_OR_DIR", help="git ref or cloud assembly folder")
    parser.add_argument(
        "--head",
        metavar="REF_OR_DIR",
        help="git ref or cloud assembly folder (default: the working tree, synthesized now)",
    )
    parser.add_argument("--env", action="append", default=[], metavar="NAME", help="only these environments")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text", help="output format (default: text)")
    parser.add_argument(
        "--ack", action="append", default=[], metavar="CHANGE_ID", help="acknowledge a destructive change (repeatable)"
    )


def run(args: argparse.Namespace) -> int:
    base = load_revision(args.base, REPO_ROOT, args.env)
    head = load_revision(args.head, REPO_ROOT, args.env)
    missing = [name for name in args.env if name not in base.environments() | head.environments()]
    if missing:
        raise UserFacingError([Problem("--env", name, "no such environment in either revision") for name in missing])
    report = build_report(base, head, args.ack)
    sys.stdout.write(RENDERERS[args.format](report))
    return report.exit_code
