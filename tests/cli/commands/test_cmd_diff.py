"""Hostile cloud assemblies and a cancelled ``diff``: clean errors, only files inside the folder, nothing left.

The assemblies are written by hand (a manifest and a template are all ``diff`` reads), so these run
in milliseconds; one test synthesizes for real, because it must catch ``diff`` in the middle of it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support.scratch_repo import git
from support.scratch_repo import scratch_repo as make_scratch_repo

from sms_estate.cli.main import main

STACK = "SmsEstate-shop-us-east-1"
TEMPLATE: dict[str, Any] = {"Resources": {"List": {"Type": "AWS::SMSVOICE::OptOutList", "Properties": {}}}}
SECONDS = 5.0


def assembly(folder: Path, template_file: str = f"{STACK}.template.json", **artifact: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stack = {
        "type": "aws:cloudformation:stack",
        "environment": "aws://111111111111/us-east-1",
        "properties": {"templateFile": template_file},
        **artifact,
    }
    (folder / "manifest.json").write_text(json.dumps({"version": "48.0.0", "artifacts": {STACK: stack}}))
    (folder / f"{STACK}.template.json").write_text(json.dumps(TEMPLATE))
    return folder


def diff(capsys: pytest.CaptureFixture[str], base: Path, head: Path) -> tuple[int, list[str]]:
    started = time.monotonic()
    code = main(["diff", "--base", str(base), "--head", str(head)])
    assert time.monotonic() - started < SECONDS
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def test_a_well_formed_hand_written_assembly_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The baseline the other cases break one thing of."""
    folder = assembly(tmp_path / "ok")
    assert diff(capsys, folder, folder) == (0, [])


def outside_refused(folder: Path, template_file: str) -> list[str]:
    """The one line a template path leading out of the assembly gets."""
    return [
        f"error: {folder}/manifest.json: artifacts.{STACK}.properties.templateFile: {template_file!r} is "
        "outside the assembly folder; only files inside it are read"
    ]


def test_a_template_outside_the_assembly_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps(TEMPLATE))
    folder = assembly(tmp_path / "a" / "b", template_file="../../outside.json")
    assert diff(capsys, folder, folder) == (2, outside_refused(folder, "../../outside.json"))


def test_a_symlinked_template_leading_outside_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps(TEMPLATE))
    folder = assembly(tmp_path / "a", template_file="link.json")
    (folder / "link.json").symlink_to(outside)
    assert diff(capsys, folder, folder) == (2, outside_refused(folder, "link.json"))


def test_an_absolute_template_path_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = assembly(tmp_path / "a", template_file="/etc/passwd")
    assert diff(capsys, folder, folder) == (2, outside_refused(folder, "/etc/passwd"))


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("[]", "must be a JSON object, not list"),
        ('{"artifacts": []}', "artifacts: must be a JSON object, not list"),
        (
            json.dumps({"artifacts": {STACK: {"type": "aws:cloudformation:stack"}}}),
            f"artifacts.{STACK}.properties: must be a JSON object, not NoneType",
        ),
        (
            json.dumps({"artifacts": {STACK: {"type": "aws:cloudformation:stack", "properties": {}}}}),
            f"artifacts.{STACK}.properties.templateFile: must be a file name relative to the assembly folder",
        ),
        ("[" * 100_000, "is nested too deeply to be a cloud assembly file"),
    ],
)
def test_a_malformed_manifest_is_one_clean_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str, message: str
) -> None:
    folder = assembly(tmp_path / "a")
    (folder / "manifest.json").write_text(manifest)
    code, lines = diff(capsys, folder, folder)
    assert code == 2
    assert lines == [f"error: {folder}/manifest.json: {message}"]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        ('{"Resources": []}', "Resources: must be a JSON object, not list"),
        ('{"Resources": {"X": {"Properties": {}}}}', "Resources.X.Type: must be a resource type string"),
        (
            '{"Resources": {"X": {"Type": "T", "Properties": [1]}}}',
            "Resources.X.Properties: must be a JSON object, not list",
        ),
    ],
)
def test_a_malformed_template_is_one_clean_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, message: str
) -> None:
    folder = assembly(tmp_path / "a")
    (folder / f"{STACK}.template.json").write_text(template)
    code, lines = diff(capsys, folder, folder)
    assert code == 2
    assert lines == [f"error: {STACK}.template.json: {message}"]


def test_a_sub_assembly_symlinked_from_outside_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = assembly(tmp_path / "elsewhere")
    folder = tmp_path / "given"
    folder.mkdir()
    (folder / "shop").symlink_to(elsewhere)
    code, lines = diff(capsys, folder, folder)
    assert code == 2
    assert lines == [f"error: {folder}/shop: leads outside the folder given to diff; only files inside it are read"]


# -- SIGTERM in the middle of a synth ------------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children in their own sessions included), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits for a reaper


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A one-commit copy of this repository's code and dev config, so no worktree touches the real one."""
    return make_scratch_repo(tmp_path / "repo")


@pytest.mark.slow
def test_sigterm_mid_synth_leaves_no_worktree_temp_folder_or_process(scratch_repo: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"  # the command's TMPDIR: whatever it or its children leave shows up here
    temp.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "PYTHONPATH": f"{scratch_repo / 'constructs'}:{scratch_repo / 'custom_resources'}",
    }
    command = [sys.executable, "-m", "sms_estate.cli.main", "diff", "--base", "HEAD"]
    process = subprocess.Popen(
        command, cwd=scratch_repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            seen |= descendants(process.pid)
            # mid-synth: the worktree exists and the synth child has started jsii's Node runtime
            node_running = any("node" in _cmdline(pid) for pid in seen if alive(pid))
            if node_running and git(scratch_repo, "worktree", "list").count("\n") == 2:
                break
            time.sleep(0.05)
        assert process.poll() is None, "diff ended before it was caught synthesizing"
        assert any("runpy" in _cmdline(pid) for pid in seen if alive(pid)), "no synth child running"
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert stderr.splitlines()[-1] == (
        "error: diff: stopped by SIGTERM; its worktree, temporary folders and synth processes are removed"
    )
    assert "Traceback" not in stderr
    assert took < 10.0
    assert git(scratch_repo, "worktree", "list").count("\n") == 1
    assert list(temp.iterdir()) == []
    assert [pid for pid in seen if alive(pid)] == []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
