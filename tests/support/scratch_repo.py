"""A throw-away git repository holding a copy of this project's code and the dev config, one commit deep.

The diff's git-ref tests synthesize refs through ``git worktree``; they must never touch the real
repository, so each builds on this copy.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from support.repo_paths import REPO_ROOT


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, text=True).stdout


def scratch_repo(repo: Path) -> Path:
    """``repo``: the code, ``app.py``, ``cdk.json`` and ``config/dev.yaml`` with its attachments, committed."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for folder in ("constructs", "custom_resources"):
        shutil.copytree(REPO_ROOT / folder, repo / folder, ignore=ignore)
    for file in ("app.py", "cdk.json"):
        shutil.copy(REPO_ROOT / file, repo / file)
    (repo / "config").mkdir()
    shutil.copy(REPO_ROOT / "config" / "dev.yaml", repo / "config" / "dev.yaml")
    shutil.copytree(REPO_ROOT / "config" / "attachments", repo / "config" / "attachments")
    git(repo, "init", "--quiet")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "dev as in the samples")
    return repo
