"""A campaign asked to submit whose brand is kept a draft waits forever: ``validate`` says so (a warning).

The campaign is filed for its brand before submit, and the brand must be approved for that; a brand with
``submit: false`` is never reviewed, so the campaign would complete "waiting for approval" deploy after
deploy. Not an error: filling both drafts first and submitting the brand later is a normal sequence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support.repo_paths import CONFIG_DIR

from sms_estate.yaml_app.config.loader import load_environment


def _staging_chain() -> tuple[dict[str, Any], dict[str, Any]]:
    staging = yaml.safe_load((CONFIG_DIR / "staging.yaml").read_text(encoding="utf-8"))
    by_type = {r["type"]: r for r in staging["registrations"]}
    return dict(by_type["US_TEN_DLC_BRAND_REGISTRATION"]), dict(by_type["US_TEN_DLC_CAMPAIGN_REGISTRATION"])


def _environment(tmp_path: Path, *, brand_submit: bool, campaign_submit: bool) -> Path:
    brand, campaign = _staging_chain()
    brand["submit"], campaign["submit"] = brand_submit, campaign_submit
    doc = {
        "environment": "chain",
        "account": "111111111111",
        "regions": ["us-east-1"],
        "registrations": [brand, campaign],
    }
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _submit_warnings(path: Path) -> list[tuple[str, str]]:
    return [(w.path, w.message) for w in load_environment(path).warnings if w.path.endswith(".submit")]


def test_a_campaign_submitted_for_a_draft_brand_is_warned_about(tmp_path: Path) -> None:
    path = _environment(tmp_path, brand_submit=False, campaign_submit=True)
    assert _submit_warnings(path) == [
        (
            "registrations[1].submit",
            "this US_TEN_DLC_CAMPAIGN_REGISTRATION waits, unsubmitted, for 'harborline-brand' to be approved, but "
            "'harborline-brand' is not submitted (submit: false): it will wait until the brand is submitted and "
            "approved",
        )
    ]


@pytest.mark.parametrize(("brand_submit", "campaign_submit"), [(True, True), (False, False), (True, False)])
def test_other_combinations_are_quiet(tmp_path: Path, brand_submit: bool, campaign_submit: bool) -> None:
    path = _environment(tmp_path, brand_submit=brand_submit, campaign_submit=campaign_submit)
    assert _submit_warnings(path) == []
