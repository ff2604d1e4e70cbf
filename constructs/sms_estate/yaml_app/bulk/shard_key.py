"""Which stack a registration lives in, decided by its name alone.

Why a hash of the name and not a position: a row's stack must not depend on the other rows, so
adding, removing or reordering registrations never moves an existing one (a move would delete the
registration resource in one stack and create it in another). ``hashlib.sha256`` and not ``hash()``:
Python salts string hashes per process, so ``hash()`` would reshuffle on every synth.

Changing ``bulk.shards`` changes ``k`` for most rows: that is a migration (docs/bulk.md), not an edit.
"""

from __future__ import annotations

import hashlib

SHARD_STACK_SUFFIX = "registrations"


def shard_of(name: str, shards: int) -> int:
    """The shard index (0..shards-1) of the registration named ``name``: first 8 bytes of SHA-256."""
    if shards < 1:
        raise ValueError(f"shards must be at least 1, got {shards}")
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def shard_stack_name(environment: str, region: str, shard: int) -> str:
    """``SmsEstate-<env>-<region>-registrations-<k>``: stable as long as the shard count is."""
    return f"SmsEstate-{environment}-{region}-{SHARD_STACK_SUFFIX}-{shard}"


ROW_CHUNKS = 12  # rows resources per shard stack (see ``sms_estate.yaml_app.bulk.rollout_workflow``)


def chunk_of(name: str) -> int:
    """The rows resource (0..ROW_CHUNKS-1) of a shard that carries the registration named ``name``."""
    return shard_of(f"{name}#chunk", ROW_CHUNKS)
