"""The table codec against the DynamoDB fake (real botocore): versions, replays, hash sets, pending sets."""

from __future__ import annotations

from fakes.regions import FakeRegions
from runtime.opt_out_sync.conftest import EAST, LIST, WEST, dynamodb

from sms_runtime.opt_out_sync.decision import decide
from sms_runtime.opt_out_sync.records import Inbound, NumberRecord, number_hash
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.opt_out_sync.store import Store, set_key

NUMBER = "+12065550142"
T = 1_700_000_000.0


def test_a_stale_writer_replays_its_observation_on_the_newer_record(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    store = Store(dynamodb(regions, settings), settings.table)
    key = number_hash("prod", NUMBER)
    stop_east = decide(NumberRecord(NUMBER), Inbound(EAST, "OUT", T + 60), regions=settings.regions, now=T + 60)
    start_west_observation = Inbound(WEST, "IN", T + 30)  # decided on the empty record it read earlier
    stale = decide(NumberRecord(NUMBER), start_west_observation, regions=settings.regions, now=T + 30).record
    assert store.save_record(LIST, key, stop_east.record, lambda fresh: fresh).version == 1
    replays: list[NumberRecord] = []

    def replay(fresh: NumberRecord) -> NumberRecord:
        replays.append(fresh)
        return decide(fresh, start_west_observation, regions=settings.regions, now=T + 90).record

    saved = store.save_record(LIST, key, stale, replay)
    assert [r.version for r in replays] == [1] and saved.version == 2
    assert saved.last is not None and (saved.last.state, saved.last.at) == ("OUT", T + 60)  # the newer STOP stays
    assert store.records(LIST, [key])[key] == saved


def test_hash_sets_round_trip_as_8_byte_values(regions: FakeRegions, settings: SyncSettings) -> None:
    store = Store(dynamodb(regions, settings), settings.table)
    hashes = {number_hash("prod", f"+1206555{i:04d}") for i in range(1000)}
    store.put_hashes(set_key(LIST, EAST, 1, 0), hashes)
    assert store.hashes(set_key(LIST, EAST, 1, 0)) == hashes
    item = regions.dynamodb[EAST].tables[settings.table]
    [stored] = [v for k, v in item.items() if "s|" in k]
    assert len(stored["Blob"]["B"]) > 0 and store.hashes(set_key(LIST, EAST, 2, 0)) == set()


def test_pending_sets_merge_concurrent_changes(regions: FakeRegions, settings: SyncSettings) -> None:
    store = Store(dynamodb(regions, settings), settings.table)
    assert store.update_pending(LIST, WEST, ["a1", "b2"], []) == 2
    assert store.update_pending(LIST, WEST, ["c3"], ["a1"]) == 2
    assert store.get(f"q|{LIST}|{WEST}").body == {"hashes": ["b2", "c3"]}
