"""Config checks of the ``bulk`` section: shard capacity and numbers that cannot leave the messaging stack.

Capacity is counted two ways, from what a shard synthesizes to (``tests/yaml_app/bulk/test_bulk_synth.py``
fails if these numbers drift):

* CloudFormation resources: each phone number is one custom resource plus three sender-directory
  parameters; a registration is a row of the rollout workflow, not a resource; the Provider, the
  workflow (ledger, functions, state machine, roles, log groups) and up to ``ROW_CHUNKS`` rows
  resources are a fixed overhead. The budget stays well under 500.
* the rows payload: CloudFormation invokes a custom resource's Lambda asynchronously (256 KB), and an
  update carries old and new rows, so each rows resource's rows must stay under half of that.

A shard over budget is refused *before* it would fill, telling the user to raise ``bulk.shards``
first (which moves rows: docs/bulk.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.bulk.shard_key import ROW_CHUNKS, chunk_of, shard_of, shard_stack_name
from sms_estate.yaml_app.config.limits import STACK_RESOURCE_LIMIT  # CloudFormation, per stack: stated once
from sms_estate.yaml_app.config.semantic import Doc, Findings

RESOURCE_BUDGET = 400  # what a shard may reach: a fifth of the limit kept as margin
SHARD_OVERHEAD = 33 + ROW_CHUNKS  # Provider, rollout workflow, start resource, ledger parameter; rows resources
PHONE_NUMBER_RESOURCES = 4  # the number + id, arn and number parameters in the sender directory
CHUNK_PAYLOAD_BUDGET = 100_000  # bytes of rows per rows resource (an update sends old and new: < 256 KB)
ROW_PAYLOAD_OVERHEAD = 1000  # key, identity, logical ID, number IDs, attachment refs around the fields


def row_resources(registration: Any) -> int:
    return PHONE_NUMBER_RESOURCES * len(registration.get("phone_numbers", ()))


def row_payload(registration: Any) -> int:
    """Bytes a row adds to its rows resource: its fields as JSON plus the fixed properties."""
    return len(json.dumps(registration.get("fields", {}))) + ROW_PAYLOAD_OVERHEAD


def check_shard_capacity(doc: Doc, source: Path, out: Findings) -> None:
    """Refuse a shard whose estimated resources or rows payload exceed the budget, naming the shard."""
    if "bulk" not in doc:
        return
    shards = int(doc["bulk"]["shards"])
    resources: dict[tuple[str, int], int] = {}
    payloads: dict[tuple[str, int, int], int] = {}
    for registration in doc.get("registrations", ()):
        name = str(registration["name"])
        key = (str(registration.get("region", doc["regions"][0])), shard_of(name, shards))
        resources[key] = resources.get(key, SHARD_OVERHEAD) + row_resources(registration)
        rows_resource = (*key, chunk_of(name))
        payloads[rows_resource] = payloads.get(rows_resource, 0) + row_payload(registration)
    advice = f"raise bulk.shards above {shards} before adding rows (raising it moves rows: see docs/bulk.md)"
    for (region, index), total in sorted(resources.items()):
        if total > RESOURCE_BUDGET:
            out.error(
                "bulk.shards",
                f"shard {shard_stack_name(str(doc['environment']), region, index)} would hold about {total} "
                f"resources (budget {RESOURCE_BUDGET} of CloudFormation's {STACK_RESOURCE_LIMIT}); {advice}",
            )
    for (region, index, chunk), size in sorted(payloads.items()):
        if size > CHUNK_PAYLOAD_BUDGET:
            out.error(
                "bulk.shards",
                f"shard {shard_stack_name(str(doc['environment']), region, index)} would send about {size // 1000} KB "
                f"of registration fields in rows resource {chunk} (budget {CHUNK_PAYLOAD_BUDGET // 1000} KB, "
                f"under the 256 KB a custom resource request may carry); {advice}",
            )


def check_bulk_pool_members(doc: Doc, source: Path, out: Findings) -> None:
    """With ``bulk``, a registration's numbers live in a shard stack; pools stay in the messaging stack."""
    if "bulk" not in doc:
        return
    in_shards = {str(n) for r in doc.get("registrations", ()) for n in r.get("phone_numbers", ())}
    for i, pool in enumerate(doc.get("pools", ())):
        for j, number in enumerate(pool.get("phone_numbers", ())):
            if number in in_shards:
                out.error(
                    f"pools[{i}].phone_numbers[{j}]",
                    f"{number!r} belongs to a registration, and with `bulk` registered numbers live in shard "
                    "stacks; a pool's numbers must stay in the messaging stack (use a number no registration lists)",
                )


BULK_CHECKS = (check_bulk_pool_members, check_shard_capacity)
