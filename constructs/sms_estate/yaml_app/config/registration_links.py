"""Links between config entries and registrations, checked against the shipped ``SupportedAssociations``.

Three keys name a registration by its config name; the handlers resolve the names into the IDs the API
expects, and every rule the deploy would meet is checked here first, each against the snapshot of the
registration type (``snapshot_associations``), never a hand-kept list:

- ``registrations[].brand``: the registration this one is filed for. Required exactly when the type's
  ``SupportedAssociations`` name a registration type as ``ResourceType`` (a 10DLC campaign or vetting names
  its ``US_TEN_DLC_BRAND_REGISTRATION``), refused otherwise; the brand must be of that type and filed in the
  same region (registrations are regional). It becomes ``LinkedRegistrationIds``.
- ``phone_numbers[].registration``: the registration the number is requested with once it is approved
  (``RequestPhoneNumber(RegistrationId=...)``). The type must list the number's type (or ``PHONE_NUMBER``)
  with ``ASSOCIATE_AFTER_COMPLETE`` or ``ASSOCIATE_ON_APPROVAL`` for the number's country; a type that takes
  numbers before submit (toll-free) lists them in ``registrations[].phone_numbers`` instead. Required for
  ``TEN_DLC``. Such a number is not bought before the approval, so it cannot be a pool member (``CreatePool``
  needs its numbers) nor be listed in a registration's ``phone_numbers`` (associated before submit).
- ``sender_ids[].registration``: the registration that registers the sender ID. The type must list
  ``SENDER_ID`` for the sender's country, and the registration's ``senderIdInfo.senderId`` field must be that
  sender ID. The service provisions it on approval in the registration's region only: it gets no
  ``AWS::SMSVOICE::SenderId`` (``RequestSenderId`` refuses it: ``SENDER_ID_REQUIRES_REGISTRATION``), so
  ``deletion_protection``/``on_delete`` do not apply, and a pool cannot name it (it does not exist when the
  pool is created); send with it by naming it as the origination identity.

A ``bulk`` environment files its registrations from shard rollouts, whose rows are not resources another row
or a number could refer to: links are refused there.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.config.semantic import Doc, Findings, _suggest
from sms_runtime.registration.field_definitions import available_registration_types
from sms_runtime.registration.shipped_associations import (
    SENDER_ID_FIELD,
    linked_registration_types,
    number_entries,
    registers_sender_ids,
    sender_id_registration_types,
    takes_number_after_approval,
)


def _region(item: Mapping[str, Any], doc: Doc) -> str:
    return str(item.get("region", doc["regions"][0]))


def _registrations(doc: Doc) -> dict[str, tuple[int, Mapping[str, Any]]]:
    return {str(r["name"]): (i, r) for i, r in enumerate(doc.get("registrations", ()))}


def _known_type(registration: Mapping[str, Any]) -> str | None:
    """The entry's type when a snapshot ships for it (``check_registration_types`` reports the others)."""
    kind = str(registration["type"])
    return kind if kind in available_registration_types() else None


def _resolve(
    out: Findings, path: str, name: str, registrations: Mapping[str, tuple[int, Mapping[str, Any]]]
) -> Mapping[str, Any] | None:
    found = registrations.get(name)
    if found is None:
        out.error(
            path, f"refers to registration {name!r}, which is not declared{_suggest(name, sorted(registrations))}"
        )
        return None
    return found[1]


def _same_region(out: Findings, path: str, doc: Doc, item: Mapping[str, Any], target: Mapping[str, Any]) -> None:
    if _region(item, doc) != _region(target, doc):
        out.error(
            path,
            f"{target['name']!r} is filed in {_region(target, doc)} but this entry is in {_region(item, doc)}; "
            "registrations and what they register are per region",
        )


def check_brands(doc: Doc, source: Path, out: Findings) -> None:
    """``brand`` is given exactly when the type is filed for another registration, and names one of that type."""
    registrations = _registrations(doc)
    for i, registration in enumerate(doc.get("registrations", ())):
        kind = _known_type(registration)
        if kind is None:
            continue
        wanted = linked_registration_types(kind)
        brand = registration.get("brand")
        path = f"registrations[{i}].brand"
        if brand is None:
            if wanted:
                out.error(
                    f"registrations[{i}]",
                    f"missing required key: brand: a {kind} is filed for a {' or '.join(wanted)} (its "
                    "SupportedAssociations); name that registration (brand: <registration name>)",
                )
            continue
        if not wanted:
            out.error(
                path,
                f"a {kind} is not filed for another registration (its SupportedAssociations name no registration "
                "type); remove brand",
            )
            continue
        target = _resolve(out, path, str(brand), registrations)
        if target is None:
            continue
        if target["type"] not in wanted:
            out.error(path, f"{brand!r} is a {target['type']}, but a {kind} is filed for a {' or '.join(wanted)}")
        _same_region(out, path, doc, registration, target)
        if registration.get("submit") is True and target.get("submit") is not True:
            out.warn(
                f"registrations[{i}].submit",
                f"this {kind} waits, unsubmitted, for {brand!r} to be approved, but {brand!r} is not submitted "
                "(submit: false): it will wait until the brand is submitted and approved",
            )


def _number_association_problem(number: Mapping[str, Any], target: Mapping[str, Any], kind: str) -> str | None:
    """Why ``kind`` cannot take ``number`` after its approval, or None when it can."""
    number_type, country = str(number["number_type"]), str(number["iso_country_code"])
    if takes_number_after_approval(kind, number_type, country):
        return None
    entries = number_entries(kind, number_type, country)
    if entries:
        return (
            f"a {kind} takes {number_type} numbers before it is submitted ({entries[0]['AssociationBehavior']}): list "
            f"{number['name']!r} in the phone_numbers of registration {target['name']!r} instead of naming it here"
        )
    return (
        f"{target['name']!r} is a {kind}, whose SupportedAssociations take no {number_type} number from {country} "
        "after approval; name a registration that does (a TEN_DLC number: its US_TEN_DLC_CAMPAIGN_REGISTRATION)"
    )


def check_number_registrations(doc: Doc, source: Path, out: Findings) -> None:
    """A number's ``registration`` (required for TEN_DLC) takes it after approval, in its region, outside pools."""
    registrations = _registrations(doc)
    waiting: dict[str, str] = {}
    for i, number in enumerate(doc.get("phone_numbers", ())):
        name = number.get("registration")
        if name is None:
            if number["number_type"] == "TEN_DLC":
                out.error(
                    f"phone_numbers[{i}]",
                    "missing required key: registration: a TEN_DLC number is requested with the RegistrationId of "
                    "its approved 10DLC campaign; name the campaign (registration: <registration name>), and the "
                    "number is bought once the campaign is approved",
                )
            continue
        path = f"phone_numbers[{i}].registration"
        target = _resolve(out, path, str(name), registrations)
        if target is None:
            continue
        waiting[str(number["name"])] = str(name)
        kind = _known_type(target)
        problem = _number_association_problem(number, target, kind) if kind else None
        if problem:
            out.error(path, problem)
        _same_region(out, path, doc, number, target)
    for i, pool in enumerate(doc.get("pools", ())):
        for j, member in enumerate(pool["phone_numbers"]):
            if member in waiting:
                out.error(
                    f"pools[{i}].phone_numbers[{j}]",
                    f"{member!r} is bought only once registration {waiting[member]!r} is approved, but a pool needs "
                    "its numbers when it is created (CreatePool): leave it out of the pool and send from the number",
                )
    for i, registration in enumerate(doc.get("registrations", ())):
        for j, member in enumerate(registration.get("phone_numbers", ())):
            if member in waiting:
                out.error(
                    f"registrations[{i}].phone_numbers[{j}]",
                    f"{member!r} is requested with registration {waiting[member]!r} once it is approved "
                    "(phone_numbers[].registration), so it cannot be associated before a submit too; remove one",
                )


def check_sender_registrations(doc: Doc, source: Path, out: Findings) -> None:
    """A registered sender ID: its registration's type registers sender IDs of its country, under that name."""
    registrations = _registrations(doc)
    registered: set[str] = set()
    for i, sender in enumerate(doc.get("sender_ids", ())):
        name = sender.get("registration")
        if name is None:
            continue
        registered.add(str(sender["sender_id"]))
        path = f"sender_ids[{i}].registration"
        for key in ("deletion_protection", "on_delete"):
            if key in sender:
                out.error(
                    f"sender_ids[{i}].{key}",
                    "does not apply to a registered sender ID: the service provisions it on approval and deleting "
                    "the registration removes it (no AWS::SMSVOICE::SenderId is made); remove the key",
                )
        target = _resolve(out, path, str(name), registrations)
        kind = _known_type(target) if target is not None else None
        if target is None or kind is None:
            continue
        country = str(sender["iso_country_code"])
        if not registers_sender_ids(kind, country):
            types = sender_id_registration_types(country)
            out.error(
                path,
                f"{name!r} is a {kind}, which registers no sender ID in {country} (its SupportedAssociations); "
                + (f"name a {' or '.join(types)}" if types else "no shipped registration type does"),
            )
            continue
        declared = target.get("fields", {}).get(SENDER_ID_FIELD)
        if declared != sender["sender_id"]:
            out.error(
                path,
                f"registration {name!r} registers sender ID {declared!r} (its field {SENDER_ID_FIELD}), not "
                f"{sender['sender_id']!r}; they must be the same",
            )
    for i, pool in enumerate(doc.get("pools", ())):
        for j, sender_id in enumerate(pool.get("sender_ids", ())):
            if sender_id in registered:
                out.error(
                    f"pools[{i}].sender_ids[{j}]",
                    f"{sender_id!r} is registered by a registration, so it exists only once that is approved and a "
                    "pool cannot take it when it is created; send with the sender ID itself",
                )


def check_links_outside_bulk(doc: Doc, source: Path, out: Findings) -> None:
    """Shard rollout rows are not resources a link could refer to: no links in a ``bulk`` environment."""
    if "bulk" not in doc:
        return
    keys = (("registrations", "brand"), ("phone_numbers", "registration"), ("sender_ids", "registration"))
    for kind, key in keys:
        for i, item in enumerate(doc.get(kind, ())):
            if key in item:
                out.error(
                    f"{kind}[{i}].{key}",
                    "a bulk environment files its registrations from shard rollouts, which another entry cannot refer "
                    "to; declare linked registrations (a 10DLC chain, a registered sender ID) in an environment "
                    "without bulk",
                )


LINK_CHECKS = (check_brands, check_number_registrations, check_sender_registrations, check_links_outside_bulk)
