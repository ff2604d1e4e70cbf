"""``opt_out_sync`` in the config: what is accepted, its defaults, and every refusal as ``file: path: message``.

Written as whole config files through ``load_environment`` (schema, semantic checks, model), like the
other config tests, so each message is the one a user sees. The schema's modes and interval bounds
come from ``sms_runtime.opt_out_sync.settings``; the tests read them from there too, so a change to
the settings moves the accepted range and these boundaries with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.json_schema import package_schema
from sms_estate.yaml_app.config.model import Environment, OptOutSync
from sms_estate.yaml_app.errors import ConfigError
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime.opt_out_sync import settings
from sms_runtime.opt_out_sync.settings import SyncSettings

EAST, WEST, OHIO = "us-east-1", "us-west-2", "us-east-2"
CHANNEL = {"channel_arn": f"arn:aws:sns:{EAST}:111111111111:replies"}


def number(name: str, opt_out_list: str | None = "east-optouts", region: str = EAST, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "number_type": "SIMULATOR", "iso_country_code": "US"}
    entry |= {"message_type": "TRANSACTIONAL", "region": region}
    if opt_out_list is not None:
        entry["opt_out_list"] = opt_out_list
    return entry | extra


def write(tmp_path: Path, sync: Any, **sections: Any) -> Path:
    doc: dict[str, Any] = {"environment": "edge", "account": "111111111111", "regions": [EAST, WEST]}
    doc["opt_out_lists"] = [{"name": "east-optouts"}, {"name": "west-optouts"}]
    doc |= sections
    if sync is not None:
        doc["opt_out_sync"] = sync
    path = tmp_path / "edge.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def refusals(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as refused:
        load_environment(path)
    return [problem.render() for problem in refused.value.problems]


# ----- accepted -----------------------------------------------------------------------------------


def test_defaults_are_realtime_every_15_minutes_from_the_settings(tmp_path: Path) -> None:
    environment = load_environment(write(tmp_path, {"lists": ["east-optouts"]}))
    assert environment.opt_out_sync == OptOutSync(lists=("east-optouts",), mode="realtime", interval_minutes=15)
    assert (settings.DEFAULT_MODE, settings.DEFAULT_INTERVAL_MINUTES) == ("realtime", 15)


def test_the_schema_states_the_settings_modes_bounds_and_defaults() -> None:
    keys = package_schema()["properties"]["opt_out_sync"]["properties"]
    assert keys["mode"]["enum"] == list(settings.SYNC_MODES)
    assert keys["mode"]["default"] == OptOutSync(lists=()).mode == settings.DEFAULT_MODE
    assert (keys["interval_minutes"]["minimum"], keys["interval_minutes"]["maximum"]) == (
        settings.MIN_INTERVAL_MINUTES,
        settings.MAX_INTERVAL_MINUTES,
    )
    assert keys["interval_minutes"]["default"] == OptOutSync(lists=()).interval_minutes


def test_no_opt_out_sync_means_no_settings(tmp_path: Path) -> None:
    environment = load_environment(write(tmp_path, None))
    assert environment.opt_out_sync is None
    assert sync_settings(environment) is None


def test_realtime_settings_name_a_topic_per_list_and_the_first_region_is_home(tmp_path: Path) -> None:
    doc = {"lists": ["west-optouts", "east-optouts"], "interval_minutes": 30}
    environment = load_environment(write(tmp_path, doc, regions=[WEST, EAST, OHIO]))
    assert sync_settings(environment) == SyncSettings(
        environment="edge",
        account="111111111111",
        home_region=WEST,
        regions=(WEST, EAST, OHIO),
        lists=("west-optouts", "east-optouts"),
        mode="realtime",
        interval_minutes=30,
        topics={
            "sms-estate-edge-west-optouts-inbound": "west-optouts",
            "sms-estate-edge-east-optouts-inbound": "east-optouts",
        },
    )


def test_scheduled_settings_have_no_topics(tmp_path: Path) -> None:
    environment = load_environment(write(tmp_path, {"lists": ["east-optouts"], "mode": "scheduled"}))
    found = sync_settings(environment)
    assert found is not None
    assert (found.mode, dict(found.topics)) == ("scheduled", {})


def test_the_settings_survive_the_lambda_environment_round_trip(tmp_path: Path) -> None:
    environment = load_environment(write(tmp_path, {"lists": ["east-optouts", "west-optouts"]}))
    built = sync_settings(environment)
    assert built is not None
    assert SyncSettings.from_environment(built.environment_variables()) == built


@pytest.mark.parametrize("minutes", [settings.MIN_INTERVAL_MINUTES, settings.MAX_INTERVAL_MINUTES])
def test_the_interval_bounds_are_accepted(tmp_path: Path, minutes: int) -> None:
    environment = load_environment(write(tmp_path, {"lists": ["east-optouts"], "interval_minutes": minutes}))
    assert environment.opt_out_sync is not None
    assert environment.opt_out_sync.interval_minutes == minutes


def test_a_number_on_a_synced_list_may_keep_its_channel_in_scheduled_mode(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        {"lists": ["east-optouts"], "mode": "scheduled"},
        phone_numbers=[number("replies", two_way=CHANNEL)],
    )
    assert load_environment(config).phone_numbers[0].two_way_channel_arn == CHANNEL["channel_arn"]


def test_a_number_on_an_unsynced_list_keeps_its_channel_in_realtime_mode(tmp_path: Path) -> None:
    config = write(
        tmp_path, {"lists": ["east-optouts"]}, phone_numbers=[number("replies", "west-optouts", two_way=CHANNEL)]
    )
    assert isinstance(load_environment(config), Environment)


# ----- refused ------------------------------------------------------------------------------------


def test_one_region_has_nothing_to_sync_with(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["east-optouts"]}, regions=[EAST])
    assert refusals(config) == [
        f"{config}: opt_out_sync: needs two or more regions to sync across; this environment has only {EAST}"
    ]


def test_a_list_must_be_declared(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["east-optout"]})
    assert refusals(config) == [
        f"{config}: opt_out_sync.lists[0]: 'east-optout' is not declared in opt_out_lists (did you mean 'east-optouts'?)"
    ]


def test_the_default_list_cannot_be_synced(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["Default"]})
    assert refusals(config) == [
        f"{config}: opt_out_sync.lists[0]: the account's built-in Default list cannot be synced; "
        "declare a list in opt_out_lists"
    ]


def test_a_list_is_named_once(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["east-optouts", "west-optouts", "east-optouts"]})
    assert refusals(config) == [
        f"{config}: opt_out_sync.lists[2]: duplicate opt-out list 'east-optouts' (first at opt_out_sync.lists[0])"
    ]


def test_lists_must_not_be_empty(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": []})
    assert refusals(config) == [f"{config}: opt_out_sync.lists: [] should be non-empty"]


def test_lists_are_required(tmp_path: Path) -> None:
    config = write(tmp_path, {"mode": "realtime"})
    assert refusals(config) == [f"{config}: opt_out_sync: missing required key: 'lists'"]


def test_an_interval_below_the_minimum_is_refused(tmp_path: Path) -> None:
    below = settings.MIN_INTERVAL_MINUTES - 1
    config = write(tmp_path, {"lists": ["east-optouts"], "interval_minutes": below})
    assert refusals(config) == [
        f"{config}: opt_out_sync.interval_minutes: {below} is less than the minimum of {settings.MIN_INTERVAL_MINUTES}"
    ]


def test_an_interval_above_the_maximum_is_refused(tmp_path: Path) -> None:
    above = settings.MAX_INTERVAL_MINUTES + 1
    config = write(tmp_path, {"lists": ["east-optouts"], "interval_minutes": above})
    assert refusals(config) == [
        f"{config}: opt_out_sync.interval_minutes: {above} is greater than the maximum of "
        f"{settings.MAX_INTERVAL_MINUTES}"
    ]


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["east-optouts"], "mode": "hourly"})
    assert refusals(config) == [f"{config}: opt_out_sync.mode: 'hourly' is not one of {list(settings.SYNC_MODES)}"]


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    config = write(tmp_path, {"lists": ["east-optouts"], "regions": [EAST]})
    assert refusals(config) == [f"{config}: opt_out_sync: unknown key: 'regions' was unexpected"]


def test_a_synced_list_must_not_be_destroyable(tmp_path: Path) -> None:
    lists = [{"name": "east-optouts", "on_delete": "destroy"}, {"name": "west-optouts", "on_delete": "destroy"}]
    config = write(tmp_path, {"lists": ["west-optouts"]}, opt_out_lists=lists)
    assert refusals(config) == [
        f"{config}: opt_out_lists[1].on_delete: 'west-optouts' is synced by opt_out_sync, so it is the record of "
        "who said STOP in every region; destroy would delete every region's copy when the list leaves the config: "
        "keep on_delete: retain"
    ]


def test_a_region_override_cannot_make_a_synced_list_destroyable(tmp_path: Path) -> None:
    overrides = {WEST: {"opt_out_lists": {"east-optouts": {"on_delete": "destroy"}}}}
    config = write(tmp_path, {"lists": ["east-optouts"]}, region_overrides=overrides)
    assert refusals(config) == [
        f"{config}: opt_out_lists[0].on_delete: 'east-optouts' is synced by opt_out_sync, so it is the record of "
        "who said STOP in every region; destroy would delete every region's copy when the list leaves the config: "
        f"keep on_delete: retain (in {WEST}, after region_overrides)"
    ]


@pytest.mark.parametrize("two_way", [CHANNEL, False], ids=["channel", "off"])
def test_a_number_on_a_synced_list_cannot_have_its_own_two_way_in_realtime_mode(tmp_path: Path, two_way: Any) -> None:
    numbers = [number("other", "west-optouts"), number("replies", two_way=two_way)]
    config = write(tmp_path, {"lists": ["east-optouts"]}, phone_numbers=numbers)
    assert refusals(config) == [
        f"{config}: phone_numbers[1].two_way: 'replies' is on 'east-optouts', which opt_out_sync (mode realtime) "
        "syncs through its own two-way topic; remove two_way here, or set opt_out_sync.mode: scheduled"
    ]


def test_a_pool_on_a_synced_list_cannot_have_its_own_two_way_in_realtime_mode(tmp_path: Path) -> None:
    pool = {"name": "refills", "phone_numbers": ["member"], "opt_out_list": "east-optouts", "two_way": CHANNEL}
    pool |= {"help_message": "Help: +12065550100.", "stop_message": "Bye."}
    member = number("member", two_way=CHANNEL)
    config = write(tmp_path, {"lists": ["east-optouts"], "mode": "realtime"}, phone_numbers=[member], pools=[pool])
    tail = "which opt_out_sync (mode realtime) syncs through its own two-way topic; remove two_way here, or set "
    assert refusals(config) == [
        f"{config}: phone_numbers[0].two_way: 'member' is on 'east-optouts', {tail}opt_out_sync.mode: scheduled",
        f"{config}: pools[0].two_way: 'refills' is on 'east-optouts', {tail}opt_out_sync.mode: scheduled",
    ]


@pytest.mark.parametrize("mode", ["realtime", "scheduled"])
def test_a_number_on_a_synced_list_cannot_manage_its_own_opt_outs(tmp_path: Path, mode: str) -> None:
    numbers = [number("other", "west-optouts"), {**number("self-managed"), "self_managed_opt_outs": True}]
    config = write(tmp_path, {"lists": ["east-optouts"], "mode": mode}, phone_numbers=numbers)
    assert refusals(config) == [
        f"{config}: phone_numbers[1].self_managed_opt_outs: 'self-managed' is on 'east-optouts', which opt_out_sync "
        "syncs, but with self-managed opt-outs the service puts no STOP on that list: there would be nothing to "
        "sync; remove one"
    ]
