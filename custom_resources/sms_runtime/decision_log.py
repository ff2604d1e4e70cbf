"""One structured log line per handler decision (contract module; emission lives in the entry points).

Handlers call :func:`record_action` to name the lifecycle action they took (``"buy"``, ``"adopt"``,
``"update-in-place"``, ``"rollback-skip-frozen"``, ...) and any short, non-sensitive detail. The entry
points in :mod:`sms_runtime.handlers.dispatch` start a record per invocation and write it as one JSON
line when the invocation ends. What may never appear: field values, attachment bytes, full phone
numbers, the ResponseURL.

The line is built from named, short fields only (never from the event or an error message), and
:func:`write` masks anything shaped like an E.164 number as a last defence, keeping its last four
digits. It goes to stdout, which Lambda sends to the function's log group.
"""

from __future__ import annotations

import contextvars
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

# Detail values are limited to short identifiers: a longer value is a sign of data that must not be logged.
MAX_DETAIL_CHARS = 120
# The ``log`` field of every decision line: what a metric filter or Logs Insights query selects on.
LOG_KIND = "sms-estate.decision"
# E.164 as the API writes numbers ("+" then up to 15 digits); any longer "+digits" run is masked too.
_E164 = re.compile(r"\+\d{5,}")
_KEPT_DIGITS = 4


@dataclass
class DecisionRecord:
    """What one invocation decided: its actions, in order, and their detail."""

    actions: list[str] = field(default_factory=list)
    detail: dict[str, str] = field(default_factory=dict)


_CURRENT: contextvars.ContextVar[DecisionRecord | None] = contextvars.ContextVar("sms_estate_decision", default=None)


@contextmanager
def recording() -> Iterator[DecisionRecord]:
    """Collect the decisions of one invocation (the entry points wrap each handler call in this)."""
    record = DecisionRecord()
    token = _CURRENT.set(record)
    try:
        yield record
    finally:
        _CURRENT.reset(token)


def record_action(action: str, **detail: str) -> None:
    """Name a decision of the running handler; a no-op outside :func:`recording`."""
    record = _CURRENT.get()
    if record is None:
        return
    record.actions.append(action)
    for key, value in detail.items():
        record.detail[key] = str(value)[:MAX_DETAIL_CHARS]


def mask_phone_number(number: str) -> str:
    """One phone number as logs, failure reasons and reports may show it: ``…`` and its last four digits.

    The one spelling of the package's rule (never a full number): handlers, constructs, ``status`` use it.
    """
    return "…" + number[-_KEPT_DIGITS:]


def mask_phone_numbers(text: str) -> str:
    """``text`` with every E.164-shaped number cut to its last four digits (``+1206...0142`` -> ``+…0142``)."""
    return _E164.sub(lambda match: "+…" + match.group()[-_KEPT_DIGITS:], text)


def _print_line(line: str) -> None:
    print(line, flush=True)


# Process-wide, not a context variable: the benchmarks silence handlers they run on worker threads too.
_sink: Callable[[str], None] = _print_line


@contextmanager
def silenced() -> Iterator[None]:
    """Drop decision lines while inside (the benchmarks drive thousands of invocations)."""
    global _sink
    previous, _sink = _sink, _drop
    try:
        yield
    finally:
        _sink = previous


def _drop(line: str) -> None:
    del line


def write(fields: Mapping[str, object]) -> str:
    """Write one decision line (``{"log": LOG_KIND, **fields}`` as compact JSON, numbers masked); returns it."""
    line = mask_phone_numbers(json.dumps({"log": LOG_KIND, **fields}, separators=(",", ":"), default=str))
    _sink(line)
    return line
