"""Shards of an environment: which registrations and numbers each shard stack holds (the rule: ``shard_key``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sms_estate.yaml_app.bulk.shard_key import shard_of, shard_stack_name
from sms_estate.yaml_app.config.model import Environment, PhoneNumber, Registration


@dataclass(frozen=True)
class Shard:
    """The registrations of one shard stack and the phone numbers they list."""

    environment: str
    region: str
    index: int
    registrations: tuple[Registration, ...] = ()
    phone_numbers: tuple[PhoneNumber, ...] = field(default=())

    @property
    def stack_name(self) -> str:
        return shard_stack_name(self.environment, self.region, self.index)


def shards_in(environment: Environment, region: str) -> list[Shard]:
    """The non-empty shards of ``region``, by index; empty when the config has no ``bulk`` section.

    Empty shards get no stack: CloudFormation cannot deploy a stack without resources, and the first
    row that lands in a shard creates its stack (still one stack touched per added row).
    """
    if environment.bulk is None:
        return []
    numbers = {number.name: number for number in environment.phone_numbers}
    grouped: dict[int, list[Registration]] = {}
    for registration in environment.registrations_in(region):
        grouped.setdefault(shard_of(registration.name, environment.bulk.shards), []).append(registration)
    return [
        Shard(
            environment.name,
            region,
            index,
            tuple(registrations),
            tuple(numbers[name] for reg in registrations for name in reg.phone_numbers if name in numbers),
        )
        for index, registrations in sorted(grouped.items())
    ]


def sharded_phone_numbers(environment: Environment) -> frozenset[str]:
    """Names of the phone numbers that live in shard stacks: every number a registration lists."""
    if environment.bulk is None:
        return frozenset()
    return frozenset(name for registration in environment.registrations for name in registration.phone_numbers)
