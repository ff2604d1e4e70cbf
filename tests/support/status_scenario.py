"""Deploy an environment's numbers and registrations into per-region SMS fakes, as the stack would.

Resources are created through the real custom-resource handlers (CloudFormation harness), with
logical IDs shaped like the synthesized ones, so tags, IDs and statuses are what ``status`` meets in
an account. Shared by the status tests and ``tools/status_against_fake.py`` (the README example).

A 10DLC chain deploys as the stack orders it: a brand before the campaigns and vettings naming it
(``LinkedRegistrationIds``), a number bought with its campaign (``RegistrationId``) after the campaign.
Whatever waits for an approval (a campaign for its brand, a number for its campaign) completes waiting;
:meth:`FakeEstate.redeploy` is the next ``cdk deploy`` after an approval, which sends those resources an
Update because the review state changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from fakes.aws import FakeAws
from fakes.clock import VirtualClock
from fakes.cloudformation import CloudFormationHarness
from fakes.samples import attachment_property, registration_properties

from sms_estate.cli.status_report import collect, render_json, render_table
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.model import Environment, PhoneNumber
from sms_estate.yaml_app.stacks.naming import construct_id
from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, PhoneNumberProps, RegistrationProps
from sms_runtime.registration.field_definitions import load_snapshot, normalize_values
from sms_runtime.sms_client import Clients

DENIAL = [
    {
        "Reason": "NON_COMPLIANT_OPT_IN_THIRD_PARTY",
        "ShortDescription": "Non Compliant Opt In Third Party",
        "LongDescription": "Opt-in data must not be shared with third parties.",
    },
    {"Reason": "PUBLIC_URL_SHORTENER", "ShortDescription": "High Risk - Public URL Shortener"},
]
FIELD_FEEDBACK = {"messagingUseCase.optInImage": "The screenshot does not show the SMS consent checkbox"}


def logical_id(kind: str, name: str) -> str:
    """A CDK-style logical ID: the construct path without punctuation plus an 8-hex hash."""
    path = construct_id(kind, name)
    return "".join(c for c in path if c.isalnum()) + hashlib.sha256(path.encode()).hexdigest()[:8].upper()


class FakeEstate:
    """One fake account per region of ``environment``, sharing one virtual clock."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.clock = VirtualClock(start=1_790_000_000.0)  # late 2026, so dates read sensibly
        self.regions = {
            region: FakeAws(self.clock, region=region, account=environment.account) for region in environment.regions
        }
        self.registration_ids: dict[str, str] = {}
        self.stacks = {region: CloudFormationHarness(aws) for region, aws in self.regions.items()}
        self._review_state = 0
        for region, aws in self.regions.items():
            self._deploy(region, aws)

    def _deploy(self, region: str, aws: FakeAws) -> None:
        cfn = self.stacks[region]
        number_ids = {}
        numbers = self.environment.phone_numbers_in(region)
        for number in (n for n in numbers if n.registration is None):
            outcome = cfn.create(logical_id("PhoneNumber", number.name), PHONE_NUMBER_TYPE, _number_props(number))
            assert outcome.ok, outcome.reason
            number_ids[number.name] = outcome.physical_id
        # A brand first: its campaigns and vettings name it (the stack's dependency order).
        for reg in sorted(self.environment.registrations_in(region), key=lambda r: r.brand is not None):
            attachments: dict[str, Any] = {}
            for path, file in reg.attachments.items():
                body = file.read_bytes()
                aws.s3.put("cdk-assets", file.name, body)
                attachments[path] = attachment_property("cdk-assets", file.name, body, file.name)
            props = registration_properties(
                [number_ids[n] for n in reg.phone_numbers],
                attachments=attachments,
                submit=reg.submit,
                fields=normalize_values(reg.fields, load_snapshot(reg.type)),
                registration_type=reg.type,
            )
            if reg.brand is not None:
                props[RegistrationProps.LINKED_REGISTRATION_IDS] = [self.registration_ids[reg.brand]]
                props[RegistrationProps.REVIEW_STATE] = self._state()
            outcome = cfn.create(logical_id("Registration", reg.name), REGISTRATION_TYPE, props)
            assert outcome.ok, outcome.reason
            self.registration_ids[reg.name] = outcome.physical_id
        for number in numbers:
            if number.registration is None:
                continue
            props = {
                **_number_props(number),
                PhoneNumberProps.REGISTRATION_ID: self.registration_ids[number.registration],
                PhoneNumberProps.REVIEW_STATE: self._state(),
            }
            outcome = cfn.create(logical_id("PhoneNumber", number.name), PHONE_NUMBER_TYPE, props)
            assert outcome.ok, outcome.reason

    def _state(self) -> str:
        return f"review-state-{self._review_state}"

    def redeploy(self) -> None:
        """The next ``cdk deploy`` after an approval: the review state changed, so every resource carrying
        it gets an Update (a campaign then links its brand and is submitted, a number is bought)."""
        self._review_state += 1
        for cfn in self.stacks.values():
            for logical, deployed in list(cfn.resources.items()):
                if RegistrationProps.REVIEW_STATE in deployed.properties:
                    outcome = cfn.update(
                        logical, {**deployed.properties, RegistrationProps.REVIEW_STATE: self._state()}
                    )
                    assert outcome.ok, outcome.reason

    def api_of(self, name: str) -> FakeAws:
        """The fake account holding registration ``name``."""
        reg = next(r for r in self.environment.registrations if r.name == name)
        return self.regions[reg.region]

    def deny(self, name: str) -> None:
        aws, registration_id = self.api_of(name), self.registration_ids[name]
        aws.sms.deny(registration_id, [r["ShortDescription"] for r in DENIAL], FIELD_FEEDBACK)
        aws.sms.registrations[registration_id].latest.denied_reasons = [dict(r) for r in DENIAL]

    def approve(self, name: str, additional_attributes: dict[str, str] | None = None) -> None:
        self.api_of(name).sms.approve(self.registration_ids[name], additional_attributes)

    def submit(self, name: str) -> None:
        """Someone submits a draft (the config keeps ``submit: false``, so no deploy would)."""
        aws, registration_id = self.api_of(name), self.registration_ids[name]
        aws.sms_client().submit_registration_version(RegistrationId=registration_id)

    def sms_client(self, region: str) -> Any:
        return self.regions[region].sms_client()

    def clients(self, sms: Any) -> Clients:
        return Clients(sms=sms, s3=None, clock=self.clock)


def _number_props(number: PhoneNumber) -> dict[str, Any]:
    return {
        PhoneNumberProps.NUMBER_TYPE: number.number_type,
        PhoneNumberProps.ISO_COUNTRY_CODE: number.iso_country_code,
        PhoneNumberProps.MESSAGE_TYPE: number.message_type,
        PhoneNumberProps.NUMBER_CAPABILITIES: list(number.capabilities),
    }


def estate_from_doc(tmp_path: Path, doc: dict[str, Any]) -> FakeEstate:
    """The environment ``doc`` (written as ``<environment>.yaml`` and loaded as ``validate`` does), deployed."""
    path = tmp_path / f"{doc['environment']}.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return FakeEstate(load_environment(path))


def status_report(estate: FakeEstate) -> tuple[str, dict[str, Any]]:
    """What ``sms-estate status`` prints for ``estate``: the table and the parsed ``--json``."""
    status = collect(estate.environment, estate.sms_client, now=estate.clock.now(), clients_for=estate.clients)
    return render_table(status), json.loads(render_json(status))
