"""``sms-estate diff``: what a change to the estate will do, per environment and region, in plain words.

Synthesizes two revisions offline (git refs, ``cdk.out`` folders, or the working tree) and classifies
each resource change: destructive, slow, costly, security, warning or info. Exit codes: 0 when no
destructive change is left unacknowledged, 1 when one is, 2 for usage or config errors, 128 + the
signal number (143 for SIGTERM, 130 for SIGINT) when stopped by a signal: CI cancelling a job and
``timeout`` send SIGTERM. The signal becomes an exception, so the ``finally`` blocks of
``sms_estate.cli.diff.revisions`` remove the worktree and the temporary folders and stop the synth
processes before the command returns.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from sms_estate.cli.diff.render import RENDERERS
from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import STOP_SIGNALS, load_revision
from sms_estate.yaml_app.cdk_json import project_dir
from sms_estate.yaml_app.errors import Problem, UserFacingError

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


class Stopped(BaseException):
    """SIGTERM or SIGINT arrived. A BaseException, like KeyboardInterrupt: no ``except Exception`` may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def _signals_stop_the_diff() -> Iterator[None]:
    """Within: SIGTERM and SIGINT raise :class:`Stopped`; later ones are ignored, so the cleanup runs once."""

    def stop(signum: int, frame: FrameType | None) -> None:
        for each in STOP_SIGNALS:
            signal.signal(each, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {each: signal.signal(each, stop) for each in STOP_SIGNALS}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


def run(args: argparse.Namespace) -> int:
    try:
        with _signals_stop_the_diff():
            project = project_dir()  # the checkout run from: its git history, config/ and code
            base = load_revision(args.base, project, args.env)
            head = load_revision(args.head, project, args.env)
    except Stopped as stopped:
        print(
            f"error: diff: stopped by {stopped}; its worktree, temporary folders and synth processes are removed",
            file=sys.stderr,
        )
        return 128 + stopped.signum
    missing = [name for name in args.env if name not in base.environments() | head.environments()]
    if missing:
        raise UserFacingError([Problem("--env", name, "no such environment in either revision") for name in missing])
    report = build_report(base, head, args.ack)
    sys.stdout.write(RENDERERS[args.format](report))
    return report.exit_code
