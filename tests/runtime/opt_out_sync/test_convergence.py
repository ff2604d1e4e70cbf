"""Random histories of replies, operator entries, lost deliveries and reconciler runs converge to the newest event.

Seeded (reproducible) sequences over two regions: each recipient ends on both lists exactly when their
newest event was an opt-out. STARTs are always delivered here: a START whose delivery is lost is dated
by the reconciler at the earliest moment it could have happened, so by design it may lose to an older
STOP (ambiguity resolves to opted-out); the fast-path and reconciler tests cover that case on its own.
"""

from __future__ import annotations

import random

import pytest
from fakes.regions import FakeRegions
from runtime.opt_out_sync.conftest import EAST, LIST, WEST, dynamodb, our_number, reconcile_once, topic_arn

from sms_runtime.opt_out_sync import fast_path, reconcile
from sms_runtime.opt_out_sync.settings import SyncSettings

RECIPIENTS = [f"+1206555{i:04d}" for i in range(6)]
MONTH = 31 * 24 * 3600.0  # beyond the 30-day rule, so every opt-in can land


def _reconcile(regions: FakeRegions, settings: SyncSettings) -> reconcile.RunReport:
    return reconcile_once(regions, settings)


def _reply(regions: FakeRegions, settings: SyncSettings, region: str, ours: str, recipient: str, body: str) -> None:
    payload = regions.api(region).receive(ours, recipient, body)
    assert payload is not None
    fast_path.handle(
        regions.sns_event(payload, topic_arn(settings, region)),
        settings,
        region=region,
        sms=regions.sms_clients(),
        dynamodb=dynamodb(regions, settings),
        clock=regions.clock,
    )


@pytest.mark.parametrize("seed", range(8))
def test_every_history_converges_to_the_newest_event(regions: FakeRegions, settings: SyncSettings, seed: int) -> None:
    rng = random.Random(seed)
    ours = {region: our_number(regions, settings, region) for region in (EAST, WEST)}
    newest: dict[str, str] = {}
    for _step in range(40):
        regions.clock.advance(MONTH + rng.uniform(1, 600))
        recipient, region = rng.choice(RECIPIENTS), rng.choice((EAST, WEST))
        step = rng.choice(("stop", "start", "stop-undelivered", "operator", "reconcile"))
        if step == "reconcile":
            _reconcile(regions, settings)
            continue
        if step == "stop":
            _reply(regions, settings, region, ours[region], recipient, rng.choice(("STOP", "quit", "Unsubscribe")))
        elif step == "start":
            _reply(regions, settings, region, ours[region], recipient, rng.choice(("START", "unstop")))
        elif step == "stop-undelivered":
            regions.api(region).receive(ours[region], recipient, "STOP")  # SNS never delivers it
        else:
            regions.api(region).handle("PutOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": recipient})
        newest[recipient] = "IN" if step == "start" else "OUT"
    for _run in range(3):
        regions.clock.advance(900.0)
        report = _reconcile(regions, settings)
    assert report.settled
    for region in (EAST, WEST):
        listed = set(regions.api(region).opted_out(LIST))
        assert listed == {r for r, state in newest.items() if state == "OUT"}, region
