"""The chains of ``status`` as indented lines (a tree reads as "this waits for that") and as JSON."""

from __future__ import annotations

from typing import Any

from sms_estate.cli.status_report.chain import (
    BrandChain,
    ChainNumber,
    Link,
    RegionChains,
    SenderIdChain,
    SenderIdLink,
)

_UNKNOWN_BRAND = "brand not known (not linked in the API, not named by `brand:` in config)"


def chain_lines(chains: RegionChains) -> list[str]:
    """``10DLC chain`` and ``Sender ID registrations`` blocks of one region; nothing when it has neither."""
    lines: list[str] = []
    if chains.ten_dlc:
        lines += ["", "10DLC chain (brand -> vetting -> campaign -> numbers)"]
        for chain in chains.ten_dlc:
            lines += _brand_lines(chain)
    if chains.sender_id_registrations:
        lines += ["", "Sender ID registrations (registration -> sender IDs)"]
        for sender_chain in chains.sender_id_registrations:
            lines.append(f"  {_link_line(sender_chain.registration)}")
            lines += [f"    {_sender_line(s)}" for s in sender_chain.sender_ids] or ["    (no sender ID declared)"]
    return lines


def _brand_lines(chain: BrandChain) -> list[str]:
    lines = [f"  brand {_link_line(chain.brand)}" if chain.brand else f"  {_UNKNOWN_BRAND}"]
    for vetting in chain.vettings:
        lines.append(f"    vetting {_link_line(vetting)}; {_score(vetting)}")
    for campaign in chain.campaigns:
        lines.append(f"    campaign {_link_line(campaign.registration)}")
        lines += [f"      number {_number_line(n)}" for n in campaign.numbers]
    return lines


def _link_line(link: Link) -> str:
    """``shop-alerts (registration-3, CREATED): draft, waits for brand approval``."""
    where = f" ({link.registration_id}, {link.status})" if link.registration_id else ""
    return f"{link.label}{where}: {link.state}"


def _score(vetting: Link) -> str:
    """The vetting score as the API reports it (``AdditionalAttributes``; its key is not documented)."""
    if vetting.additional_attributes:
        return "score " + ", ".join(f"{k}={v}" for k, v in sorted(vetting.additional_attributes.items()))
    return "no score reported yet"


def _number_line(number: ChainNumber) -> str:
    what = " ".join(part for part in (number.name, number.phone_number) if part) or number.phone_number_id
    return f"{what}: {number.state}"


def _sender_line(sender: SenderIdLink) -> str:
    return f"sender ID {sender.sender_id} ({sender.iso_country_code}): {sender.state}"


def chains_as_mapping(chains: RegionChains) -> dict[str, Any]:
    """The region's ``ten_dlc_chains`` and ``sender_id_registrations`` members of ``status --json``."""
    return {
        "ten_dlc_chains": [
            {
                "brand": _link_json(chain.brand) if chain.brand else None,
                "vettings": [_link_json(v) for v in chain.vettings],
                "campaigns": [
                    {**_link_json(c.registration), "numbers": [_number_json(n) for n in c.numbers]}
                    for c in chain.campaigns
                ],
            }
            for chain in chains.ten_dlc
        ],
        "sender_id_registrations": [_sender_chain_json(c) for c in chains.sender_id_registrations],
    }


def _link_json(link: Link) -> dict[str, Any]:
    return {
        "name": link.name,
        "registration_id": link.registration_id or None,
        "type": link.registration_type,
        "status": link.status or None,
        "state": link.state,
        "additional_attributes": dict(link.additional_attributes),
    }


def _number_json(number: ChainNumber) -> dict[str, Any]:
    return {
        "name": number.name,
        "phone_number": number.phone_number or None,
        "phone_number_id": number.phone_number_id or None,
        "status": number.status or None,
        "state": number.state,
    }


def _sender_chain_json(chain: SenderIdChain) -> dict[str, Any]:
    return {
        **_link_json(chain.registration),
        "sender_ids": [
            {"sender_id": s.sender_id, "iso_country_code": s.iso_country_code, "state": s.state, "arn": s.arn or None}
            for s in chain.sender_ids
        ],
    }
