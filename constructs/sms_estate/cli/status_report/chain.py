"""The registration chains ``status`` shows: 10DLC brand -> vetting -> campaign -> numbers, and a Singapore
sender ID registration -> its sender IDs, each link with its state and what it waits for.

Why a chain and not more rows: a 10DLC campaign cannot be submitted before its brand is approved, and its
numbers are not bought before the campaign is (the handlers wait, see the README); a person asking "why
is nothing sending?" needs the link that holds the others up. The flat tables above cannot say that.

Where each link comes from: what exists, from the API (``ListRegistrationAssociations`` of a campaign or
vetting names its brand, as a registration association whose ``ResourceType`` is the brand's type, and
its numbers; ``DescribeRegistrations`` carries a vetting's score in ``AdditionalAttributes``, shown as
reported since the key is not documented; ``DescribePhoneNumbers``; ``DescribeSenderIds`` with
``RegistrationId``). What is declared but not there yet (a campaign not linked to its brand yet, a number
not bought, a sender ID not provisioned), from the config (``registrations[].brand``,
``phone_numbers[].registration``, ``sender_ids[].registration``). An environment with no such registration
reads nothing more, so a toll-free estate's output and reads are what they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sms_estate.cli.diff.registration_types import SG_SENDER_ID, TEN_DLC_BRAND, TEN_DLC_CAMPAIGN, TEN_DLC_VETTING
from sms_estate.yaml_app.config.model import Environment, Registration
from sms_runtime.sms_client import Api
from sms_runtime.tracking.snapshot import PhoneNumberState, RegistrationState

BRAND, VETTING, CAMPAIGN = TEN_DLC_BRAND, TEN_DLC_VETTING, TEN_DLC_CAMPAIGN
CHAIN_TYPES = (BRAND, VETTING, CAMPAIGN, SG_SENDER_ID)
_LINKED = (VETTING, CAMPAIGN)  # types that name their brand by a registration association

IN_REVIEW = ("SUBMITTED", "AWS_REVIEWING", "REVIEWING")
NOT_CREATED = "not created yet: the next deploy creates it"


@dataclass(frozen=True)
class Link:
    """One registration of a chain: live (``registration_id`` set) or only declared in config."""

    name: str  # config name, "" when not in config
    registration_type: str
    registration_id: str = ""
    status: str = ""  # the API's RegistrationStatus, "" when not created
    state: str = NOT_CREATED  # for a person: "approved", "draft, waits for brand approval", ...
    additional_attributes: Mapping[str, str] = field(default_factory=dict)  # a vetting's score, as reported

    @property
    def approved(self) -> bool:
        return self.status == "COMPLETE"

    @property
    def label(self) -> str:
        return self.name or self.registration_id


@dataclass(frozen=True)
class ChainNumber:
    """A number of a campaign: bought (``phone_number_id`` set) or declared and waiting."""

    name: str
    state: str
    phone_number: str = ""
    phone_number_id: str = ""
    status: str = ""


@dataclass(frozen=True)
class Campaign:
    registration: Link
    numbers: tuple[ChainNumber, ...] = ()


@dataclass(frozen=True)
class BrandChain:
    """A brand with its vettings and campaigns; ``brand`` is None for links whose brand is not known."""

    brand: Link | None
    vettings: tuple[Link, ...] = ()
    campaigns: tuple[Campaign, ...] = ()


@dataclass(frozen=True)
class SenderIdLink:
    sender_id: str
    iso_country_code: str
    state: str
    arn: str = ""


@dataclass(frozen=True)
class SenderIdChain:
    registration: Link
    sender_ids: tuple[SenderIdLink, ...] = ()


@dataclass(frozen=True)
class RegionChains:
    ten_dlc: tuple[BrandChain, ...] = ()
    sender_id_registrations: tuple[SenderIdChain, ...] = ()


def registration_state(link: Link, config: Registration | None, brand: Link | None) -> str:
    """What a registration is doing and what it waits for, from its status (and its brand's, for a link)."""
    status = link.status
    if not status:
        return NOT_CREATED
    if status == "COMPLETE":
        return "approved"
    if status == "REQUIRES_UPDATES":
        return "denied: see the reasons above"
    if status in IN_REVIEW:
        return "in review: waits for approval"
    if status == "REQUIRES_AUTHENTICATION":
        return "waits for authentication (see the AWS console)"
    if status == "PROVISIONING":
        return "approved: being provisioned"
    if status != "CREATED":
        return status.lower()
    if link.registration_type in _LINKED and (brand is None or not brand.approved):
        return "draft, waits for brand approval"
    if config is not None and not config.submit:
        return "draft, not submitted (submit: false)"
    return "draft, waits for the next deploy to submit it"


class ChainReader:
    """The chains of one region, from its live registrations and numbers (already read) plus the config."""

    def __init__(
        self,
        api: Api,
        environment: Environment,
        region: str,
        registrations: Sequence[RegistrationState],
        names: Mapping[str, str],  # registration ID -> config name ("" when not in config)
        numbers: Mapping[str, PhoneNumberState],  # live numbers by phone number ID
        number_names: Mapping[str, str],  # phone number ID -> config name ("" when not in config)
    ) -> None:
        self._api = api
        self._environment = environment
        self._config = {r.name: r for r in environment.registrations_in(region)}
        self._live = {r.registration_id: r for r in registrations if r.registration_type in CHAIN_TYPES}
        self._names = names
        self._ids = {name: rid for rid, name in names.items() if name and rid in self._live}
        self._numbers = numbers
        self._number_names = number_names
        self._region = region

    def read(self) -> RegionChains:
        declared = [r for r in self._config.values() if r.type in CHAIN_TYPES]
        if not self._live and not declared:
            return RegionChains()
        attributes = self._additional_attributes() if self._live else {}
        associations = {rid: self._associations(rid) for rid, r in self._live.items() if r.registration_type != BRAND}
        links = self._links(attributes)
        brand_of = {key: self._brand_of(key, links, associations) for key in links}
        links = {
            key: replace(
                link, state=registration_state(link, self._config.get(link.name), links.get(brand_of[key] or ""))
            )
            for key, link in links.items()
        }
        sender_ids = (
            self._sender_ids() if any(link.registration_type == SG_SENDER_ID for link in links.values()) else []
        )
        return RegionChains(
            ten_dlc=self._brand_chains(links, brand_of, associations),
            sender_id_registrations=tuple(
                SenderIdChain(link, self._sender_links(link, sender_ids))
                for _, link in sorted(links.items())
                if link.registration_type == SG_SENDER_ID
            ),
        )

    # ----- reads --------------------------------------------------------------------------------

    def _additional_attributes(self) -> dict[str, dict[str, str]]:
        """``AdditionalAttributes`` per registration ID (the tracker's snapshot does not keep them)."""
        return {
            str(info["RegistrationId"]): {str(k): str(v) for k, v in info.get("AdditionalAttributes", {}).items()}
            for info in self._api.pages("DescribeRegistrations", "Registrations")
            if str(info["RegistrationId"]) in self._live
        }

    def _associations(self, registration_id: str) -> list[dict[str, Any]]:
        return self._api.pages(
            "ListRegistrationAssociations", "RegistrationAssociations", RegistrationId=registration_id
        )

    def _sender_ids(self) -> list[dict[str, Any]]:
        return self._api.pages("DescribeSenderIds", "SenderIds")

    # ----- assembly -----------------------------------------------------------------------------

    def _links(self, attributes: Mapping[str, Mapping[str, str]]) -> dict[str, Link]:
        """Every chain registration keyed by its ID, or ``config:<name>`` for one not created yet."""
        links = {
            rid: Link(self._names.get(rid, ""), state.registration_type, rid, state.status, "", attributes.get(rid, {}))
            for rid, state in self._live.items()
        }
        for name, config in self._config.items():
            if config.type in CHAIN_TYPES and name not in self._ids:
                links[f"config:{name}"] = Link(name, config.type)
        return links

    def _key_of(self, name: str | None, links: Mapping[str, Link]) -> str | None:
        if name is None:
            return None
        key = self._ids.get(name, f"config:{name}")
        return key if key in links else None

    def _brand_of(
        self, key: str, links: Mapping[str, Link], associations: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> str | None:
        """The brand a vetting or campaign is linked to (the API's association), else the one its config names."""
        if links[key].registration_type not in _LINKED:
            return None
        for item in associations.get(key, ()):
            linked = str(item.get("ResourceId", ""))
            if linked in links and links[linked].registration_type == BRAND:
                return linked
        config = self._config.get(links[key].name)
        return self._key_of(config.brand if config else None, links)

    def _brand_chains(
        self,
        links: Mapping[str, Link],
        brand_of: Mapping[str, str | None],
        associations: Mapping[str, Sequence[Mapping[str, Any]]],
    ) -> tuple[BrandChain, ...]:
        brands: list[str | None] = [k for k, link in sorted(links.items()) if link.registration_type == BRAND]
        if any(brand_of[k] is None for k, link in links.items() if link.registration_type in _LINKED):
            brands.append(None)  # vettings and campaigns whose brand is not known
        chains = []
        for brand in brands:
            mine = [k for k, _ in sorted(links.items()) if brand_of[k] == brand]
            chains.append(
                BrandChain(
                    links[brand] if brand is not None else None,
                    tuple(links[k] for k in mine if links[k].registration_type == VETTING),
                    tuple(
                        Campaign(links[k], self._campaign_numbers(links[k], associations.get(k, ())))
                        for k in mine
                        if links[k].registration_type == CAMPAIGN
                    ),
                )
            )
        return tuple(chains)

    def _campaign_numbers(self, campaign: Link, associations: Sequence[Mapping[str, Any]]) -> tuple[ChainNumber, ...]:
        """The campaign's numbers: associated (or bought with its RegistrationId), then declared ones not bought
        (or bought and not associated with it)."""
        rid = campaign.registration_id
        associated = {str(i.get("ResourceId")) for i in associations} | {
            n.phone_number_id for n in self._numbers.values() if rid and n.registration_id == rid
        }
        found = [
            _bought(self._numbers[i], self._number_names.get(i, "")) for i in sorted(associated & set(self._numbers))
        ]
        by_name = {name: self._numbers[i] for i, name in self._number_names.items() if name}
        shown = {n.name for n in found if n.name}
        waits = (
            "not bought yet: the next deploy buys it"
            if campaign.approved
            else "not bought: waits for campaign approval"
        )
        for number in self._environment.phone_numbers_in(self._region):
            if not campaign.name or number.registration != campaign.name or number.name in shown:
                continue
            live = by_name.get(number.name)
            if live is None:
                found.append(ChainNumber(number.name, waits))
            else:
                bought = _bought(live, number.name)
                found.append(replace(bought, state=f"{bought.state}; not associated with the campaign yet"))
        return tuple(found)

    def _sender_links(self, registration: Link, described: Sequence[Mapping[str, Any]]) -> tuple[SenderIdLink, ...]:
        """The sender IDs the registration provisioned, then those its config names and that are not there yet."""
        found = [
            SenderIdLink(
                str(s["SenderId"]),
                str(s["IsoCountryCode"]),
                "registered" if s.get("Registered") else "provisioned, not registered yet",
                str(s.get("SenderIdArn", "")),
            )
            for s in described
            if registration.registration_id and s.get("RegistrationId") == registration.registration_id
        ]
        have = {(s.sender_id, s.iso_country_code) for s in found}
        waits = (
            "approved, not provisioned yet"
            if registration.approved
            else "waiting: provisioned when the registration is approved"
        )
        declared = [
            SenderIdLink(s.sender_id, s.iso_country_code, waits)
            for s in self._environment.registered_sender_ids(registration.name)
            if registration.name and (s.sender_id, s.iso_country_code) not in have
        ]
        return tuple(found + declared)


def _bought(number: PhoneNumberState, name: str) -> ChainNumber:
    state = "pending: billed monthly even while pending" if number.status == "PENDING" else number.status.lower()
    return ChainNumber(name, state, number.phone_number, number.phone_number_id, number.status)
