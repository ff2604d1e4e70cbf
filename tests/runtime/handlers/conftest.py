"""Fixtures: a fresh fake account and a CloudFormation harness driving the real handlers."""

from __future__ import annotations

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import Estate


@pytest.fixture
def aws() -> FakeAws:
    return FakeAws()


@pytest.fixture
def cfn(aws: FakeAws) -> CloudFormationHarness:
    return CloudFormationHarness(aws)


@pytest.fixture
def estate(aws: FakeAws, cfn: CloudFormationHarness) -> Estate:
    return Estate(aws, cfn)
