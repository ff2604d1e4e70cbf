"""``Custom::SmsSpendLimits``: the account's monthly spend limits in one region, as overrides.

Why a custom resource: ``Set<Kind>MessageSpendLimitOverride`` (text, voice, media, notify, RCS: every
``SpendLimitName`` the model has) are API calls that neither CloudFormation nor Terraform model. Each
property (``contract.SpendLimitsProps``) is one kind's limit in whole USD; an absent property is a kind
this resource leaves alone.

What "the previous state" is, and where it lives: a Delete event carries the properties but not the
Data, so Create reads ``DescribeSpendLimits`` *before any write* and records every kind's state in the
physical ID (``sms-estate:spend-limits:text=none,voice=120,...``: ``none`` = no override, a number = the
override that was set). All five kinds are recorded, not only the managed ones, so a kind added by a
later Update already has its previous state and the physical ID never changes (a changed physical ID is
a replacement, whose clean-up Delete would undo the new values).

- Create fails before any write if a value is above the account's ``MaxLimit`` (a config error whose
  message names the maximum), then writes only the kinds whose live state differs; if a write fails, the
  kinds already written are put back before the failure is reported (a failed Create's Delete has no
  physical ID to restore from).
- Update sets the kinds in the properties and restores the kinds the old properties had and the new ones
  dropped; only what differs from the live state is written (an unchanged deploy writes nothing). A
  rollback is an Update back to the old properties, so it restores them the same way.
- Delete restores every managed kind's previous state: ``Set…Override`` with the previous override, or
  ``Delete…Override`` where there was none.

A stack deleted and recreated (or a Create retried after it had succeeded): that Create records the
account as it finds it, which is the values the old stack set if its Delete did not run (a retained or
skipped resource) — so a later Delete leaves those values, not the account's defaults. The state before
the package ever touched the account is only known to the first Create's physical ID.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime import decision_log
from sms_runtime.contract import SpendLimitsAttrs, SpendLimitsProps
from sms_runtime.handlers.request import HandlerError, Request, Response
from sms_runtime.sms_client import Api

PHYSICAL_ID_PREFIX = "sms-estate:spend-limits:"
NO_OVERRIDE = "none"
MONTHLY_LIMIT_MAX = 1_000_000_000  # botocore's MonthlyLimit shape (min 0); a test keeps them equal


@dataclass(frozen=True)
class Kind:
    """One spend-limit kind: its config key, property, API name, and its two writes.

    The writes are spelled as literal calls (not built from ``stem``) so the API contract test sees each one.
    """

    key: str  # the config key under spend_limits, and the physical ID's
    prop: str
    api_name: str  # SpendLimitName
    stem: str  # Set<stem>MessageSpendLimitOverride, for people and IAM
    set_override: Callable[[Api, int], object]
    delete_override: Callable[[Api], object]

    def set_action(self) -> str:
        return f"Set{self.stem}MessageSpendLimitOverride"

    def delete_action(self) -> str:
        return f"Delete{self.stem}MessageSpendLimitOverride"


KINDS = (
    Kind(
        "text",
        SpendLimitsProps.TEXT,
        "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
        "Text",
        lambda api, usd: api.call("SetTextMessageSpendLimitOverride", MonthlyLimit=usd),
        lambda api: api.call("DeleteTextMessageSpendLimitOverride"),
    ),
    Kind(
        "voice",
        SpendLimitsProps.VOICE,
        "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
        "Voice",
        lambda api, usd: api.call("SetVoiceMessageSpendLimitOverride", MonthlyLimit=usd),
        lambda api: api.call("DeleteVoiceMessageSpendLimitOverride"),
    ),
    Kind(
        "media",
        SpendLimitsProps.MEDIA,
        "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
        "Media",
        lambda api, usd: api.call("SetMediaMessageSpendLimitOverride", MonthlyLimit=usd),
        lambda api: api.call("DeleteMediaMessageSpendLimitOverride"),
    ),
    Kind(
        "notify",
        SpendLimitsProps.NOTIFY,
        "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT",
        "Notify",
        lambda api, usd: api.call("SetNotifyMessageSpendLimitOverride", MonthlyLimit=usd),
        lambda api: api.call("DeleteNotifyMessageSpendLimitOverride"),
    ),
    Kind(
        "rcs",
        SpendLimitsProps.RCS,
        "RCS_MESSAGE_MONTHLY_SPEND_LIMIT",
        "Rcs",
        lambda api, usd: api.call("SetRcsMessageSpendLimitOverride", MonthlyLimit=usd),
        lambda api: api.call("DeleteRcsMessageSpendLimitOverride"),
    ),
)
_ATTRS = dict(
    zip(
        (k.key for k in KINDS),
        (
            SpendLimitsAttrs.TEXT,
            SpendLimitsAttrs.VOICE,
            SpendLimitsAttrs.MEDIA,
            SpendLimitsAttrs.NOTIFY,
            SpendLimitsAttrs.RCS,
        ),
        strict=True,
    )
)

# A kind's state: the override in USD, or None for no override (the account's default applies).
State = int | None


@dataclass(frozen=True)
class Live:
    """One kind as ``DescribeSpendLimits`` reports it."""

    enforced: int
    max_limit: int
    overridden: bool

    @property
    def state(self) -> State:
        return self.enforced if self.overridden else None


def create(request: Request, api: Api) -> Response:
    wanted = _wanted(request.properties)
    live = describe(api)
    _check_maximum(request, wanted, live)
    previous = {kind.key: live[kind.key].state for kind in KINDS}
    _apply(api, wanted, live, undo_on_failure=True)
    return _response(previous, wanted)


def update(request: Request, api: Api) -> Response:
    """Set the wanted kinds, restore the dropped ones; write only what differs from the live state."""
    previous = parse_physical_id(request.physical_id)
    wanted = _wanted(request.properties)
    live = describe(api)
    _check_maximum(request, wanted, live)
    targets: dict[str, State] = {key: previous[key] for key in _wanted(request.old_properties) if key not in wanted}
    targets.update(wanted)
    _apply(api, targets, live, undo_on_failure=False)
    return _response(previous, wanted)


def delete(request: Request, api: Api) -> None:
    """Restore every managed kind's state from before the first Create (nothing for a failed Create's ID)."""
    if not request.physical_id.startswith(PHYSICAL_ID_PREFIX):
        decision_log.record_action("nothing-to-delete", reason="never-created")
        return
    previous = parse_physical_id(request.physical_id)
    managed = _wanted(request.properties)
    _apply(api, {key: previous[key] for key in managed}, describe(api), undo_on_failure=False)


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    return {"IsComplete": True}  # every write is synchronous


def current_attributes(request: Request, api: Api) -> dict[str, str]:
    """What a rollback that keeps the resource as it is reports: the managed kinds' enforced limits."""
    live = describe(api)
    return {_ATTRS[key]: str(live[key].enforced) for key in _wanted(request.properties)}


def describe(api: Api) -> dict[str, Live]:
    """Every kind's live limit, by config key (a kind the service does not report is an error)."""
    by_name = {str(item["Name"]): item for item in api.pages("DescribeSpendLimits", "SpendLimits")}
    live: dict[str, Live] = {}
    for kind in KINDS:
        item = by_name.get(kind.api_name)
        if item is None:
            raise HandlerError(f"DescribeSpendLimits did not report {kind.api_name}")
        live[kind.key] = Live(int(item["EnforcedLimit"]), int(item["MaxLimit"]), bool(item["Overridden"]))
    return live


def physical_id(previous: Mapping[str, State]) -> str:
    """``sms-estate:spend-limits:text=none,voice=120,...``: every kind, in the model's order."""
    parts = (f"{kind.key}={NO_OVERRIDE if previous[kind.key] is None else previous[kind.key]}" for kind in KINDS)
    return PHYSICAL_ID_PREFIX + ",".join(parts)


def parse_physical_id(value: str) -> dict[str, State]:
    """The states :func:`physical_id` recorded; anything else is an error (never guess a previous state)."""
    if not value.startswith(PHYSICAL_ID_PREFIX):
        raise HandlerError(f"physical ID {value!r} is not a spend-limits ID", code="bad-physical-id")
    recorded: dict[str, State] = {}
    for part in value[len(PHYSICAL_ID_PREFIX) :].split(","):
        key, _, state = part.partition("=")
        if state == NO_OVERRIDE:
            recorded[key] = None
        elif state.isdigit():
            recorded[key] = int(state)
    if set(recorded) != {kind.key for kind in KINDS}:
        raise HandlerError(f"physical ID {value!r} does not record every spend-limit kind", code="bad-physical-id")
    return recorded


def _wanted(props: Mapping[str, Any]) -> dict[str, int]:
    """The managed kinds and their limits, in whole USD (CloudFormation delivers them as strings)."""
    wanted: dict[str, int] = {}
    for kind in KINDS:
        value = props.get(kind.prop)
        if value is None or value == "":
            continue
        text = str(value).strip()
        if not text.isdigit() or int(text) > MONTHLY_LIMIT_MAX:
            raise HandlerError(f"property {kind.prop} must be a whole number of USD from 0 to {MONTHLY_LIMIT_MAX}")
        wanted[kind.key] = int(text)
    return wanted


def _check_maximum(request: Request, wanted: Mapping[str, int], live: Mapping[str, Live]) -> None:
    """A value above the account's ``MaxLimit`` is a config error, reported before any write."""
    for kind in KINDS:
        value = wanted.get(kind.key)
        if value is not None and value > live[kind.key].max_limit:
            decision_log.record_action("refused", reason="above-maximum", kind=kind.key)
            raise HandlerError(
                f"spend_limits.{kind.key}: {value} is above this account's maximum of {live[kind.key].max_limit} "
                f"USD in {request.region or 'this region'} (DescribeSpendLimits MaxLimit); ask for a quota increase",
                code="above-maximum",
            )


def _apply(api: Api, targets: Mapping[str, State], live: Mapping[str, Live], *, undo_on_failure: bool) -> list[str]:
    """Write each kind whose live state differs from its target, in the model's order; the kinds written.

    With ``undo_on_failure``, a failed write first puts back the kinds already written (their live state
    before this call), so a failed Create leaves the account as it found it.
    """
    written: list[str] = []
    try:
        for kind in _in_order(targets):
            if live[kind.key].state != targets[kind.key]:
                _write(api, kind, targets[kind.key])
                written.append(kind.key)
    except Exception:
        if undo_on_failure:
            for kind in _in_order({key: None for key in written}):
                _write(api, kind, live[kind.key].state, undo=True)
        raise
    if not written:
        decision_log.record_action("unchanged")
    return written


def _write(api: Api, kind: Kind, state: State, *, undo: bool = False) -> None:
    verb = "undo" if undo else "set" if state is not None else "delete"
    if state is None:
        kind.delete_override(api)
    else:
        kind.set_override(api, state)
    decision_log.record_action(f"{verb}-{kind.key}-override")


def _in_order(keys: Iterable[str]) -> list[Kind]:
    chosen = set(keys)
    return [kind for kind in KINDS if kind.key in chosen]


def _response(previous: Mapping[str, State], wanted: Mapping[str, int]) -> Response:
    """The same physical ID for the resource's whole life; each managed kind's enforced limit (now the wanted one)."""
    return Response(physical_id(previous), {_ATTRS[key]: str(value) for key, value in wanted.items()})
