"""Boundary values of the config checks: each limit is accepted at the limit and refused one past it.

Written as whole config files through ``load_environment`` (schema, semantic checks and the model),
so an off-by-one in a comparison (``>=`` for ``>``) fails here, at the value that a real config has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.errors import ConfigError


def write(tmp_path: Path, **sections: Any) -> Path:
    doc = {"environment": "edge", "account": "111111111111", "regions": ["us-east-1", "us-west-2"], **sections}
    path = tmp_path / "edge.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def destinations(count: int) -> list[dict[str, Any]]:
    return [{"name": f"d{i}", "type": "sns", "event_types": ["TEXT_ALL"]} for i in range(count)]


def numbers(count: int, region: str = "us-east-1") -> list[dict[str, Any]]:
    return [
        {
            "name": f"n-{region}-{i}",
            "number_type": "SIMULATOR",
            "iso_country_code": "US",
            "message_type": "TRANSACTIONAL",
            "region": region,
        }
        for i in range(count)
    ]


def quota_warnings(path: Path) -> list[tuple[str, str]]:
    return [(w.path, w.message) for w in load_environment(path).warnings if "default quota" in w.message]


def test_five_event_destinations_are_accepted(tmp_path: Path) -> None:
    config = write(tmp_path, configuration_sets=[{"name": "main", "event_destinations": destinations(5)}])
    [config_set] = load_environment(config).configuration_sets
    assert len(config_set.event_destinations) == 5


def test_six_event_destinations_are_refused(tmp_path: Path) -> None:
    config = write(tmp_path, configuration_sets=[{"name": "main", "event_destinations": destinations(6)}])
    with pytest.raises(ConfigError) as refused:
        load_environment(config)
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "configuration_sets[0].event_destinations",
            "has 6 destinations; a configuration set allows at most 5 (a hard limit)",
        )
    ]


def test_25_configuration_sets_are_within_the_default_quota_and_26_are_not(tmp_path: Path) -> None:
    sets = [{"name": f"cs{i}"} for i in range(26)]
    assert quota_warnings(write(tmp_path, configuration_sets=sets[:25])) == []
    assert quota_warnings(write(tmp_path, configuration_sets=sets)) == [
        ("configuration_sets", "26 per region exceeds the default quota of 25; request an increase first")
    ]


def test_the_default_opt_out_list_counts_toward_the_quota_of_25(tmp_path: Path) -> None:
    lists = [{"name": f"list{i}"} for i in range(25)]
    assert quota_warnings(write(tmp_path, opt_out_lists=lists[:24])) == []  # 24 + Default = 25
    assert quota_warnings(write(tmp_path, opt_out_lists=lists)) == [
        ("opt_out_lists", "26 per region exceeds the default quota of 25; request an increase first")
    ]


def test_25_phone_numbers_in_a_region_are_within_the_quota_and_26_are_not(tmp_path: Path) -> None:
    # 25 in each region: the quota is per region, not per account.
    both = numbers(25) + numbers(25, "us-west-2")
    assert quota_warnings(write(tmp_path, phone_numbers=both)) == []
    assert quota_warnings(write(tmp_path, phone_numbers=numbers(26) + numbers(3, "us-west-2"))) == [
        ("phone_numbers", "26 in us-east-1 exceeds the default quota of 25; request an increase first")
    ]


def pools(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"name": f"pool-{n['name']}", "phone_numbers": [n["name"]], "help_message": "help", "stop_message": "stop"}
        for n in members
    ]


def test_25_pools_in_a_region_are_within_the_quota_and_26_are_not(tmp_path: Path) -> None:
    # A pool is in its first number's region; each pool here has its own number.
    members = numbers(25)
    assert quota_warnings(write(tmp_path, phone_numbers=members, pools=pools(members))) == []
    members = numbers(26)
    assert quota_warnings(write(tmp_path, phone_numbers=members, pools=pools(members))) == [
        ("pools", "26 in us-east-1 exceeds the default quota of 25; request an increase first"),
        ("phone_numbers", "26 in us-east-1 exceeds the default quota of 25; request an increase first"),
    ]
