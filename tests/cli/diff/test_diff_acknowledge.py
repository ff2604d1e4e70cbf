"""Acknowledgements (config and ``--ack``), exit codes, and the three output formats, through the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sms_estate.cli.diff.render import render_markdown
from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import Revision
from sms_estate.cli.main import main

Revisions = Callable[[str], Revision]
Folders = Callable[[str], Path]
LAST_ACK = "unprotect:pool/shop-main@us-east-1"


def test_config_acknowledgements_and_ack_on_the_command_line_unblock(revision: Revisions) -> None:
    base, head = revision("base"), revision("acknowledged")
    # Acknowledging changes nothing in the templates: the same five destructive changes are listed.
    assert [s.stack.template for s in head.stacks] == [s.stack.template for s in revision("destructive").stacks]
    report = build_report(base, head)
    acknowledged = {i.consequence.finding.ack_id: i.acknowledged_by for i in report.items if i.acknowledged_by}
    assert acknowledged == {
        "release:phone-number/shop-trial@us-east-1": "The trial simulator number was only used for the launch "
        "rehearsal.",
        "delete:opt-out-list/shop-scratch-optouts@us-east-1": "The scratch list only ever held the simulator's "
        "test recipients.",
        "delete:registration/shop-draft@us-east-1": "The Tidewater draft moves to its own account next quarter.",
        "remove:event-destination/shop-alerts/failure-alerts@us-east-1": "Failure alerts now come from the "
        "delivery-log metric filter instead.",
    }
    assert report.headline().startswith("5 destructive (1 not acknowledged),")
    assert report.exit_code == 1
    assert build_report(base, head, [LAST_ACK]).exit_code == 0


def test_markdown_has_a_headline_and_a_table_per_environment_and_region(revision: Revisions) -> None:
    text = render_markdown(build_report(revision("base"), revision("acknowledged")))
    headline, rest = text.split(" info** ", 1)
    assert headline.startswith(
        "### SMS estate diff\n\n`base` → `acknowledged`: **5 destructive (1 not acknowledged), 0 slow, 0 costly, "
        "2 security, 0 warning, "
    )
    assert rest.startswith(
        "(blocked: a destructive change is not acknowledged)\n\n#### shop · us-east-1\n\n"
        "| Class | Change | Acknowledgement |\n|---|---|---|\n"
    )
    assert (
        "| **DESTRUCTIVE** | pool shop-main: deletion protection turned OFF (any later change or person can delete "
        "it) | needed: `unprotect:pool/shop-main@us-east-1` |"
    ) in text
    assert (
        "| **DESTRUCTIVE** | phone number shop-trial will be RELEASED (gone for good; its registration loses the "
        "number) | acknowledged `release:phone-number/shop-trial@us-east-1`: The trial simulator number was only "
        "used for the launch rehearsal. |"
    ) in text
    assert "\n<details><summary>" in text  # info lines fold away


def test_cli_exit_codes_follow_unacknowledged_destruction(
    assembly_dir: Folders, capsys: pytest.CaptureFixture[str]
) -> None:
    base, head = str(assembly_dir("base")), str(assembly_dir("destructive"))
    assert main(["diff", "--base", base, "--head", base]) == 0
    assert capsys.readouterr().out.endswith("summary: no changes\n")
    assert main(["diff", "--base", base, "--head", head, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["unacknowledged_destructive"] == 5
    assert data["exit_code"] == 1
    ids = sorted(c["ack_id"] for c in data["changes"] if c["class"] == "destructive")
    acks = [arg for change_id in ids for arg in ("--ack", change_id)]
    assert main(["diff", "--base", base, "--head", head, "--format", "json", *acks]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["unacknowledged_destructive"] == 0


def test_cli_usage_errors_exit_2_without_a_traceback(
    assembly_dir: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "--base", str(tmp_path), "--head", str(assembly_dir("base"))]) == 2
    assert capsys.readouterr().err == (
        f"error: {tmp_path}: is neither a cloud assembly nor a folder of them (no manifest.json found)\n"
    )
    assert main(["diff", "--base", "no-such-ref-or-folder", "--head", str(assembly_dir("base"))]) == 2
    assert (
        capsys.readouterr().err
        == "error: no-such-ref-or-folder: is neither a folder nor a git ref of this repository\n"
    )
    base = str(assembly_dir("base"))
    assert main(["diff", "--base", base, "--head", base, "--env", "nope"]) == 2
    assert capsys.readouterr().err == "error: --env: nope: no such environment in either revision\n"


def test_a_folder_of_per_environment_assemblies_reads_like_dev_main_output(
    assembly_dir: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``./dev main`` writes ``cdk.out/<env>/``: the parent folder is a valid revision too."""
    shutil.copytree(assembly_dir("destructive"), tmp_path / "shop")
    assert main(["diff", "--base", str(assembly_dir("base")), "--head", str(tmp_path), "--env", "shop"]) == 1
    assert "summary: 5 destructive (5 not acknowledged)" in capsys.readouterr().out
