"""Fixtures: a toll-free estate deployed through the real custom-resource handlers, plus fakes."""

from __future__ import annotations

import pytest
from fakes.aws import FakeAws
from fakes.clock import VirtualClock
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import Estate
from fakes.tracking_services import TrackingServices


@pytest.fixture
def aws() -> FakeAws:
    return FakeAws(VirtualClock(start=1_790_000_000.0))  # late 2026, so notification dates read sensibly


@pytest.fixture
def estate(aws: FakeAws) -> Estate:
    return Estate(aws, CloudFormationHarness(aws))


@pytest.fixture
def services(aws: FakeAws) -> TrackingServices:
    return TrackingServices(aws)


@pytest.fixture
def emitted() -> list[str]:
    return []
