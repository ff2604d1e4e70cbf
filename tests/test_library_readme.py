"""The README's "Use as a library" section matches the code: property tables and public names.

The tables are rendered from the constructors' signatures and ``:param:`` docstrings
(``tools/library_tables.py``); a prop added, renamed, retyped or re-documented without
``python tools/library_tables.py --write`` fails here, as does a public name the section does not list.
"""

from __future__ import annotations

import re

import pytest

import sms_estate
from tools.library_tables import README, readme_block, render, table


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Use as a library\n")
    return text[start : text.index("\n## ", start + 1)]


def test_the_property_tables_are_the_rendered_signatures() -> None:
    assert readme_block(_section()) == render(), "run: python tools/library_tables.py --write"


def test_every_public_name_is_listed_in_the_section() -> None:
    listed = set(re.findall(r"`(\w+)[`(]", _section()))
    assert set(sms_estate.__all__) - listed == set()


def test_a_parameter_without_its_docstring_line_is_refused() -> None:
    class Undocumented:
        def __init__(self, *, documented: int = 1, forgotten: str = "x") -> None:
            """:param documented: present. Default: 1."""

    with pytest.raises(ValueError, match="'forgotten' has no ':param forgotten:' docstring line"):
        table("Undocumented", Undocumented, None)


def test_the_shared_provider_and_the_defaults_have_tables_with_attributes_and_methods() -> None:
    provider = table("SmsResourceProvider", sms_estate.SmsResourceProvider, None)
    assert "No props: `(scope, id)` only." in provider
    assert "`service_token`" in provider and "`of(scope)`" in provider
    assert "`allow_phone_numbers(*, release)`" in provider and "_allow" not in provider
    defaults = table("SmsConfigurationSetDefaults", sms_estate.SmsConfigurationSetDefaults, None)
    assert "| `default_message_type` | `MessageType` | required" in defaults and "Attributes: `resource`." in defaults
    assert "apply_removal_policy" not in defaults  # aws-cdk-lib's methods are not ours to document
    for name in ("SmsResourceProvider", "SmsConfigurationSetDefaults"):
        assert f"#### `{name}`" in render()
