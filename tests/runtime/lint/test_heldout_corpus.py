"""The held-out 10DLC cases are well-formed: every entry loads and passes the snapshot's field validation.

Only the form is tested here, never the lint's verdict: the cases were written without reading the
rules, and ``bench/lint_heldout.py`` measures how the lint does on them (a miss is a finding to
report, not a test to make green). What this guards is that a measured miss or false positive is
never caused by a value the API would refuse anyway (a too-short field, an unknown option, a missing
required field), so the measurement stays about the compliance rules.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml
from support.lint_corpus import Case, load_case

from sms_runtime.registration.field_definitions import load_snapshot
from sms_runtime.registration.field_validation import validate_field_values

HELDOUT = pathlib.Path(__file__).resolve().parent / "heldout"
PATHS = sorted(HELDOUT.glob("*.yaml"))
TEN_DLC_TYPES = {"US_TEN_DLC_BRAND_REGISTRATION", "US_TEN_DLC_CAMPAIGN_REGISTRATION"}


def _raw(path: pathlib.Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_heldout_has_16_defective_and_8_compliant_cases() -> None:
    cases = [load_case(path) for path in PATHS]
    assert sum(1 for case in cases if not case.compliant) == 16
    assert sum(1 for case in cases if case.compliant) == 8


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_case_names_no_rule_and_says_what_it_embodies(path: pathlib.Path) -> None:
    # Held out means written without the rules: a case that names rule IDs was not.
    data = _raw(path)
    assert "expect" not in data
    assert str(data.get("embodies", "")).strip()
    assert isinstance(data.get("compliant"), bool)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_every_entry_passes_the_snapshot_field_validation(path: pathlib.Path) -> None:
    case: Case = load_case(path)
    assert case.kind in TEN_DLC_TYPES
    for registration in case.registrations:
        problems = validate_field_values(load_snapshot(registration.registration_type), registration.fields)
        assert problems == [], f"{registration.name}: {problems}"


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_a_campaign_names_a_brand_of_its_own_case(path: pathlib.Path) -> None:
    # The brand-name rules skip a campaign linted alone, so every campaign is linted with its brand.
    case = load_case(path)
    brands = {reg.name for reg in case.registrations if reg.registration_type == "US_TEN_DLC_BRAND_REGISTRATION"}
    for registration in case.registrations:
        if registration.registration_type == "US_TEN_DLC_CAMPAIGN_REGISTRATION":
            assert registration.brand in brands
