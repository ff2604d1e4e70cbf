"""What a registration type may be associated with, read from its shipped ``SupportedAssociations``.

One reading for the typed constructs (synth-time checks) and the YAML app's ``validate``, so both refuse the
same links: the snapshot (``snapshot_associations``) is the truth, not a hand-kept list; a refreshed snapshot
changes both at once. The registration Lambda checks the live answer again before it writes.
"""

from __future__ import annotations

from collections.abc import Mapping

from sms_runtime.registration.definition_snapshots import available_registration_types, snapshot_associations

SENDER_ID_FIELD = "senderIdInfo.senderId"  # where a sender ID registration names its sender ID
AFTER_APPROVAL = frozenset({"ASSOCIATE_AFTER_COMPLETE", "ASSOCIATE_ON_APPROVAL"})
SENDER_ID_RESOURCE = "SENDER_ID"
ANY_NUMBER = "PHONE_NUMBER"


def linked_registration_types(registration_type: str) -> tuple[str, ...]:
    """The registration types ``registration_type`` is filed for (a campaign's brand), sorted; () if none."""
    known = set(available_registration_types())
    entries = snapshot_associations(registration_type)
    return tuple(sorted({e["ResourceType"] for e in entries if e["ResourceType"] in known}))


def registers_sender_ids(registration_type: str, iso_country_code: str) -> bool:
    """Whether ``registration_type`` registers sender IDs of ``iso_country_code`` (a ``SENDER_ID`` entry)."""
    return any(_sender_entry(entry, iso_country_code) for entry in snapshot_associations(registration_type))


def sender_id_registration_types(iso_country_code: str) -> tuple[str, ...]:
    """The shipped registration types that register sender IDs in ``iso_country_code``."""
    return tuple(kind for kind in available_registration_types() if registers_sender_ids(kind, iso_country_code))


def number_entries(registration_type: str, number_type: str, iso_country_code: str) -> tuple[Mapping[str, str], ...]:
    """The ``SupportedAssociations`` entries of ``registration_type`` that take such a number."""
    return tuple(
        e
        for e in snapshot_associations(registration_type)
        if e["ResourceType"] in (number_type, ANY_NUMBER)
        and e.get("IsoCountryCode", iso_country_code) == iso_country_code
    )


def takes_number_after_approval(registration_type: str, number_type: str, iso_country_code: str) -> bool:
    """Whether a number of this type and country is requested with the registration once it is approved."""
    entries = number_entries(registration_type, number_type, iso_country_code)
    return any(e["AssociationBehavior"] in AFTER_APPROVAL for e in entries)


def _sender_entry(entry: Mapping[str, str], iso_country_code: str) -> bool:
    return (
        entry["ResourceType"] == SENDER_ID_RESOURCE
        and entry.get("IsoCountryCode", iso_country_code) == iso_country_code
    )
