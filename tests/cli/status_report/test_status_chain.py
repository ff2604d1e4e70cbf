"""``status`` shows the 10DLC chain (brand -> vetting score -> campaign -> numbers) and the Singapore sender ID
registration -> sender ID, each link with its state and what it waits for, as the chain moves on.

The estate is the staging sample with its brand and campaign submitted, a vetting of the brand and a Singapore
sender ID registration added; it is deployed into per-region SMS fakes through the real custom-resource
handlers (``support.status_scenario``), approved by the fake's registrar and carried on by redeploys, so
``status`` meets what an account would hold at each step.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.repo_paths import CONFIG_DIR
from support.status_scenario import FakeEstate

from sms_estate.cli.status_report import collect, render_json, render_table
from sms_estate.cli.status_report.collect import EstateStatus
from sms_estate.yaml_app.config import load_environment

BRAND, VETTING, CAMPAIGN, NUMBER, SG = (
    "harborline-brand",
    "harborline-vetting",
    "harborline-pickup-campaign",
    "pickup-alerts-local",
    "harborline-sg",
)
SG_FIELDS = {
    "companyInfo.companyName": "Harborline Pharmacy Pte Ltd",
    "companyInfo.taxId": "201912345K",
    "companyInfo.website": "https://www.harborlinepharmacy.example",
    "companyInfo.address1": "1 Marina Boulevard",
    "companyInfo.city": "Singapore",
    "companyInfo.state": "Singapore",
    "companyInfo.zipCode": "018989",
    "companyInfo.isoCountryCode": "SG",
    "contactInfo.firstName": "Mei",
    "contactInfo.lastName": "Tan",
    "contactInfo.supportEmail": "support@harborlinepharmacy.example",
    "contactInfo.supportPhoneNumber": "+6561234567",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "NOTIFICATIONS",
    "messageSamples.messageSample1": "Harborline Pharmacy: your order is ready for pickup at Marina. Reply STOP to opt out.",
    "senderIdInfo.isRepresentative": "False",
    "senderIdInfo.senderId": "HARBORLN",
}


def _config(tmp_path: Path) -> Path:
    """The staging sample, with the chain submitted, a vetting and a Singapore sender ID registration."""
    data: dict[str, Any] = yaml.safe_load((CONFIG_DIR / "staging.yaml").read_text(encoding="utf-8"))
    for registration in data["registrations"]:
        if registration["name"] in (BRAND, CAMPAIGN):
            registration["submit"] = True
    data["registrations"] += [
        {"name": VETTING, "type": "US_TEN_DLC_BRAND_VETTING", "brand": BRAND, "submit": True, "fields": {}},
        {"name": SG, "type": "SG_SENDER_ID_REGISTRATION", "region": "us-west-2", "submit": True, "fields": SG_FIELDS},
    ]
    data["sender_ids"] = [{"sender_id": "HARBORLN", "iso_country_code": "SG", "registration": SG}]
    config_dir = tmp_path / "config"
    shutil.copytree(CONFIG_DIR / "attachments", config_dir / "attachments")
    path = config_dir / "staging.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def estate(tmp_path: Path) -> FakeEstate:
    return FakeEstate(load_environment(str(_config(tmp_path))))


def _status(estate: FakeEstate) -> EstateStatus:
    return collect(estate.environment, estate.sms_client, now=estate.clock.now(), clients_for=estate.clients)


def _chain_lines(estate: FakeEstate) -> list[str]:
    """The chain blocks of every region, without the (long, generated) registration IDs."""
    text = render_table(_status(estate))
    lines = []
    for region in text.split("\n== ")[1:]:
        blocks = region.split("\n\n")
        lines += [
            line
            for block in blocks
            if block.startswith(("10DLC chain", "Sender ID registrations"))
            for line in block.splitlines()
        ]
    for name, registration_id in estate.registration_ids.items():
        lines = [line.replace(f"{registration_id}, ", "") for line in lines]
        assert all(registration_id not in line for line in lines), name
    return lines


def test_a_new_chain_waits_link_by_link(estate: FakeEstate) -> None:
    assert _chain_lines(estate) == [
        "10DLC chain (brand -> vetting -> campaign -> numbers)",
        f"  brand {BRAND} (SUBMITTED): in review: waits for approval",
        f"    vetting {VETTING} (CREATED): draft, waits for brand approval; no score reported yet",
        f"    campaign {CAMPAIGN} (CREATED): draft, waits for brand approval",
        f"      number {NUMBER}: not bought: waits for campaign approval",
        "Sender ID registrations (registration -> sender IDs)",
        f"  {SG} (SUBMITTED): in review: waits for approval",
        "    sender ID HARBORLN (SG): waiting: provisioned when the registration is approved",
    ]


def test_the_chain_moves_on_with_each_approval_and_redeploy(estate: FakeEstate) -> None:
    estate.approve(BRAND)
    assert _chain_lines(estate)[1:4] == [
        f"  brand {BRAND} (COMPLETE): approved",
        f"    vetting {VETTING} (CREATED): draft, waits for the next deploy to submit it; no score reported yet",
        f"    campaign {CAMPAIGN} (CREATED): draft, waits for the next deploy to submit it",
    ]
    estate.redeploy()  # the campaign and the vetting link their brand and are submitted
    assert _chain_lines(estate)[2:5] == [
        f"    vetting {VETTING} (SUBMITTED): in review: waits for approval; no score reported yet",
        f"    campaign {CAMPAIGN} (SUBMITTED): in review: waits for approval",
        f"      number {NUMBER}: not bought: waits for campaign approval",
    ]
    estate.approve(VETTING, {"VETTING_SCORE": "75"})
    estate.approve(CAMPAIGN)
    estate.approve(SG)
    assert _chain_lines(estate)[4] == f"      number {NUMBER}: not bought yet: the next deploy buys it"
    estate.redeploy()  # the number is bought with the campaign's RegistrationId
    lines = _chain_lines(estate)
    assert lines[2] == f"    vetting {VETTING} (COMPLETE): approved; score VETTING_SCORE=75"
    assert lines[3] == f"    campaign {CAMPAIGN} (COMPLETE): approved"
    number = estate.regions["us-east-1"].sms.numbers
    [bought] = [n for n in number.values() if n["NumberType"] == "TEN_DLC"]
    assert bought["RegistrationId"] == estate.registration_ids[CAMPAIGN]
    assert lines[4] == f"      number {NUMBER} {bought['PhoneNumber']}: pending: billed monthly even while pending"
    assert lines[6:] == [f"  {SG} (COMPLETE): approved", "    sender ID HARBORLN (SG): registered"]


def test_a_denied_campaign_says_so_and_its_number_still_waits(estate: FakeEstate) -> None:
    estate.approve(BRAND)
    estate.redeploy()
    estate.deny(CAMPAIGN)
    lines = _chain_lines(estate)
    assert lines[3:5] == [
        f"    campaign {CAMPAIGN} (REQUIRES_UPDATES): denied: see the reasons above",
        f"      number {NUMBER}: not bought: waits for campaign approval",
    ]
    assert f"  {CAMPAIGN}: version 1 (current) was denied for:" in render_table(_status(estate))


def test_json_carries_the_chain_with_ids_states_and_the_score_as_reported(estate: FakeEstate) -> None:
    estate.approve(BRAND)
    estate.redeploy()
    estate.approve(VETTING, {"VETTING_SCORE": "75"})
    east, west = json.loads(render_json(_status(estate)))["regions"]
    [chain] = east["ten_dlc_chains"]
    assert chain["brand"] == {
        "name": BRAND,
        "registration_id": estate.registration_ids[BRAND],
        "type": "US_TEN_DLC_BRAND_REGISTRATION",
        "status": "COMPLETE",
        "state": "approved",
        "additional_attributes": {},
    }
    [vetting] = chain["vettings"]
    assert (vetting["name"], vetting["additional_attributes"]) == (VETTING, {"VETTING_SCORE": "75"})
    [campaign] = chain["campaigns"]
    assert (campaign["status"], campaign["state"]) == ("SUBMITTED", "in review: waits for approval")
    assert campaign["numbers"] == [
        {
            "name": NUMBER,
            "phone_number": None,
            "phone_number_id": None,
            "status": None,
            "state": "not bought: waits for campaign approval",
        }
    ]
    assert east["sender_id_registrations"] == [] and west["ten_dlc_chains"] == []
    [sender_registration] = west["sender_id_registrations"]
    assert sender_registration["sender_ids"] == [
        {
            "sender_id": "HARBORLN",
            "iso_country_code": "SG",
            "state": "waiting: provisioned when the registration is approved",
            "arn": None,
        }
    ]


def test_the_chain_is_read_only(estate: FakeEstate) -> None:
    estate.approve(BRAND)
    estate.redeploy()
    before = {region: len(aws.sms.calls) for region, aws in estate.regions.items()}
    _status(estate)
    for region, aws in estate.regions.items():
        made = aws.sms.calls[before[region] :]
        assert {"ListRegistrationAssociations", "DescribeRegistrations"} <= {c.action for c in made}
        assert all(not call.is_write for call in made), [c.action for c in made if c.is_write]


def test_a_toll_free_estate_reads_and_prints_no_chain() -> None:
    prod = FakeEstate(load_environment("prod"))
    before = {region: len(aws.sms.calls) for region, aws in prod.regions.items()}
    status = _status(prod)
    assert "10DLC chain" not in render_table(status) and "Sender ID registrations" not in render_table(status)
    for region, aws in prod.regions.items():
        actions = {c.action for c in aws.sms.calls[before[region] :]}
        assert not actions & {"ListRegistrationAssociations", "DescribeSenderIds"}, (region, actions)
    assert all(r["ten_dlc_chains"] == [] for r in json.loads(render_json(status))["regions"])
