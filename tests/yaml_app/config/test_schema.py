"""The shipped JSON Schema is itself valid: checked here once, not at every synth (see the loader)."""

from __future__ import annotations

import jsonschema
import pytest

from sms_estate.yaml_app.config.json_schema import package_schema


def test_the_config_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = package_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_meta_schema_check_would_catch_a_broken_schema() -> None:
    broken = {**package_schema(), "type": "mapping"}  # not a JSON Schema type
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema(broken)
