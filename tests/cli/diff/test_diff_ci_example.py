"""The example pull-request workflow stays consistent with the commands it runs (it is not run here)."""

from __future__ import annotations

import yaml
from support.repo_paths import REPO_ROOT


def test_the_workflow_lints_synthesizes_diffs_and_comments() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "pr-diff.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["diff"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "./dev lint" in commands
    assert "./dev main" in commands
    assert './dev diff --base "origin/${{ github.base_ref }}" --head cdk.out --format markdown > diff.md' in commands
    assert "gh pr comment" in commands and "--body-file diff.md" in commands
    assert workflow["permissions"]["pull-requests"] == "write"
    assert steps[0]["with"]["fetch-depth"] == 0  # the base ref must be in the clone for the worktree
