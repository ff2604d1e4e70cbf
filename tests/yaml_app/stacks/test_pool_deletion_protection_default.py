"""A pool the config says nothing about is deletion-protected and retained: checked on the pool resource.

The default lives in two places (the config model and the ``SmsPool`` construct); both are crossed by
synthesizing a config whose pool omits ``deletion_protection`` and ``on_delete``, then reading the
``AWS::SMSVOICE::Pool`` of the template. The explicit opposite proves the key is read, not hard-coded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from aws_cdk import assertions

from sms_estate.yaml_app.app_builder import add_environment, new_app
from sms_estate.yaml_app.config import load_environment


def synthesized_pools(tmp_path: Path, **pool_keys: Any) -> list[dict[str, Any]]:
    doc = {
        "environment": "pooled",
        "account": "111111111111",
        "regions": ["us-east-1"],
        "phone_numbers": [
            {"name": "sim", "number_type": "SIMULATOR", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
        ],
        "pools": [
            {"name": "main", "phone_numbers": ["sim"], "help_message": "help", "stop_message": "stop", **pool_keys}
        ],
    }
    config = tmp_path / "pooled.yaml"
    config.write_text(yaml.safe_dump(doc, sort_keys=False))
    app = new_app(outdir=str(tmp_path / "cdk.out"))
    [stack] = add_environment(app, load_environment(config))
    template = assertions.Template.from_stack(stack).to_json()
    return [dict(r) for r in template["Resources"].values() if r["Type"] == "AWS::SMSVOICE::Pool"]


def test_a_pool_without_settings_is_deletion_protected_and_retained(tmp_path: Path) -> None:
    [pool] = synthesized_pools(tmp_path)
    assert pool["Properties"]["DeletionProtectionEnabled"] is True
    assert (pool["DeletionPolicy"], pool["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_a_pool_that_asks_for_no_protection_gets_none(tmp_path: Path) -> None:
    [pool] = synthesized_pools(tmp_path, deletion_protection=False, on_delete="destroy")
    assert pool["Properties"]["DeletionProtectionEnabled"] is False
    assert pool["DeletionPolicy"] == "Delete"
