"""Git-ref mode end to end: each ref is checked out into a worktree and synthesized with its own code and config.

The repository is a scratch copy of this one (code, ``app.py`` and the dev config) with two commits,
so the test never touches the real repository's history or worktrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.scratch_repo import git
from support.scratch_repo import scratch_repo as make_scratch_repo

from sms_estate.cli.diff.render import text_line
from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import WORKING_TREE, load_revision

SECOND_NUMBER = {
    "name": "dev-simulator-2",
    "number_type": "SIMULATOR",
    "iso_country_code": "US",
    "message_type": "TRANSACTIONAL",
    "opt_out_list": "harborline-dev-optouts",
    "on_delete": "release",
}


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_scratch_repo(tmp_path_factory.mktemp("scratch-repo"))
    config = repo / "config" / "dev.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["phone_numbers"].append(SECOND_NUMBER)
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "a second simulator number")
    return repo


@pytest.mark.slow
def test_each_ref_is_synthesized_with_its_own_config(scratch_repo: Path) -> None:
    report = build_report(load_revision("HEAD~1", scratch_repo), load_revision("HEAD", scratch_repo))
    costly = [text_line(item) for item in report.items if item.consequence.severity.value == "costly"]
    assert costly == [
        "COSTLY       dev us-east-1  phone number dev-simulator-2: new SIMULATOR number in US, leased monthly from "
        "the day it is requested"
    ]
    assert git(scratch_repo, "worktree", "list").count("\n") == 1  # the temporary worktrees are gone


@pytest.mark.slow
def test_a_ref_against_the_same_working_tree_is_empty(scratch_repo: Path) -> None:
    """Determinism across synth paths: a worktree checkout and the working tree give identical templates."""
    head = load_revision(None, scratch_repo, ["dev"])
    assert head.label == WORKING_TREE
    report = build_report(load_revision("HEAD", scratch_repo, ["dev"]), head)
    assert [text_line(item) for item in report.items] == []
    assert report.headline() == "no changes"
