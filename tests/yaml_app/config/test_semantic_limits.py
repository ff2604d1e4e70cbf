"""Every semantic check of the config, at its limits: what passes, what fails, and the exact message.

Fast on purpose (no schema, no synthesis): each test hands a document straight to the checks of
``sms_estate.yaml_app.config.semantic``, the way the loader does after the schema passed. Documents go through a
YAML round trip first, so their strings are fresh objects like those of a real file (an ``is`` where
``==`` belongs would otherwise pass on interned literals).

Limits come from where the code's authority lies: the event-destination maximum from cfn-lint's
CloudFormation schema of ``AWS::SMSVOICE::ConfigurationSet``, event types from botocore's model, the
stack budget from ``config/limits.py``. The default quota of 25 per account and region is the service
quota of the SMS user guide (configuration sets, pools, opt-out lists, phone numbers); no machine-read
source holds it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

import botocore.session
import pytest
import yaml

from sms_estate.yaml_app.config import semantic
from sms_estate.yaml_app.config.limits import STACK_RESOURCE_BUDGET, STACK_RESOURCE_LIMIT
from sms_estate.yaml_app.config.semantic import Findings, run_checks

SOURCE = Path("edge.yaml")
EAST, WEST = "us-east-1", "us-west-2"
QUOTA = 25  # the service's default quota per account and region (SMS user guide, "Quotas")

Check = Callable[[Any, Path, Findings], None]


def document(**sections: Any) -> dict[str, Any]:
    """A schema-shaped environment ``edge`` in two regions, as a YAML file would parse."""
    doc = {"environment": "edge", "account": "111111111111", "regions": [EAST, WEST], **sections}
    loaded: dict[str, Any] = yaml.safe_load(yaml.safe_dump(doc, sort_keys=False))
    return loaded


def errors(doc: dict[str, Any], check: Check, source: Path = SOURCE) -> list[tuple[str, str]]:
    findings = run_checks(doc, source, (check,))
    assert findings.warnings == []
    return findings.errors


def warnings(doc: dict[str, Any], check: Check) -> list[tuple[str, str]]:
    findings = run_checks(doc, SOURCE, (check,))
    assert findings.errors == []
    return findings.warnings


def number(name: str, region: str | None = None, **keys: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name,
        "number_type": "SIMULATOR",
        "iso_country_code": "US",
        "message_type": "TRANSACTIONAL",
    }
    if region is not None:
        entry["region"] = region
    return {**entry, **keys}


def pool(name: str, members: list[str], **keys: Any) -> dict[str, Any]:
    return {"name": name, "phone_numbers": members, "help_message": "help", "stop_message": "stop", **keys}


def registration(name: str, **keys: Any) -> dict[str, Any]:
    return {"name": name, "type": "US_TEN_DLC_BRAND_REGISTRATION", "fields": {}, **keys}


# ----- botocore's model -------------------------------------------------------------------------


def test_event_types_are_botocores_enum_read_once_per_process() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert semantic.api_event_types() == frozenset(model.shape_for("EventType").enum)
    assert semantic.api_model() is semantic.api_model()  # parsed once: synth pays for it once
    assert semantic.api_event_types() is semantic.api_event_types()


@pytest.mark.parametrize("spec", [None, ModuleSpec("botocore", None, origin=None)], ids=["absent", "no-origin"])
def test_without_botocore_the_error_says_to_install_it(monkeypatch: pytest.MonkeyPatch, spec: object) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    semantic.api_model.cache_clear()
    with pytest.raises(RuntimeError, match=r"^botocore is not installed; run \./dev "):
        semantic.api_model()


# ----- names, regions ---------------------------------------------------------------------------


def test_the_environment_must_be_named_like_its_file() -> None:
    assert errors(document(), semantic.check_environment_name) == []
    assert errors(document(environment="prod"), semantic.check_environment_name) == [
        ("environment", "is 'prod' but the file is edge.yaml; they must match")
    ]
    # A name that sorts before the file's is just as wrong as one that sorts after it.
    assert errors(document(environment="dev"), semantic.check_environment_name) == [
        ("environment", "is 'dev' but the file is edge.yaml; they must match")
    ]


def test_regions_must_offer_sms_and_entries_must_be_in_the_environments_regions() -> None:
    doc = document(
        regions=[EAST, "us-wset-2", "mars-1"],
        phone_numbers=[number("a"), number("b", EAST), number("c", "eu-west-1")],
        registrations=[registration("r0"), registration("r1", region="eu-west-1")],
    )
    shown = [EAST, "us-wset-2", "mars-1"]
    assert errors(doc, semantic.check_regions) == [
        ("regions[1]", "'us-wset-2' is not a region where SMS is offered (did you mean 'us-west-2'?)"),
        ("regions[2]", "'mars-1' is not a region where SMS is offered"),
        ("phone_numbers[2].region", f"'eu-west-1' is not one of this environment's regions {shown}"),
        ("registrations[1].region", f"'eu-west-1' is not one of this environment's regions {shown}"),
    ]


def entry(kind: str, name: str) -> dict[str, Any]:
    return (
        number(name) if kind == "phone_numbers" else registration(name) if kind == "registrations" else {"name": name}
    )


@pytest.mark.parametrize(
    "kind", ["opt_out_lists", "protect_configurations", "configuration_sets", "phone_numbers", "registrations"]
)
def test_names_are_unique_within_each_kind(kind: str) -> None:
    doc = document(**{kind: [entry(kind, "x"), entry(kind, "y"), entry(kind, "x"), entry(kind, "x")]})
    assert errors(doc, semantic.check_unique_names) == [
        (f"{kind}[2]", f"duplicate name 'x' (first at {kind}[0])"),
        (f"{kind}[3]", f"duplicate name 'x' (first at {kind}[0])"),
    ]


def test_pool_names_are_unique_and_sender_ids_are_unique_per_country() -> None:
    doc = document(
        pools=[pool("p", ["a"]), pool("p", ["a"])],
        sender_ids=[
            {"sender_id": "ACME", "iso_country_code": "GB"},
            {"sender_id": "ACME", "iso_country_code": "DE"},
            {"sender_id": "ACME", "iso_country_code": "GB"},
        ],
    )
    assert errors(doc, semantic.check_unique_names) == [
        ("pools[1]", "duplicate name 'p' (first at pools[0])"),
        ("sender_ids[2]", "duplicate sender ID 'ACME/GB' (first at sender_ids[0])"),
    ]


def test_the_built_in_default_opt_out_list_cannot_be_declared_and_its_users_are_not_blamed() -> None:
    doc = document(
        opt_out_lists=[{"name": "mine"}, {"name": "Default"}],
        phone_numbers=[number("a", opt_out_list="Default")],
        pools=[pool("p", ["a"], opt_out_list="Default")],
    )
    findings = run_checks(doc, SOURCE, (semantic.check_unique_names, semantic.check_references))
    assert findings.errors == [
        ("opt_out_lists[1].name", "'Default' is the account's built-in list; refer to it without declaring it")
    ]


# ----- references -------------------------------------------------------------------------------


def test_every_reference_resolves_and_default_needs_no_declaration() -> None:
    doc = document(
        opt_out_lists=[{"name": "mine"}],
        protect_configurations=[{"name": "guard"}],
        configuration_sets=[{"name": "cs0", "protect_configuration": "guard"}, {"name": "cs1"}],
        sender_ids=[{"sender_id": "ACME", "iso_country_code": "GB"}],
        phone_numbers=[number("a", opt_out_list="Default"), number("b", opt_out_list="mine"), number("c")],
        pools=[pool("p0", ["a", "b"], opt_out_list="Default", sender_ids=["ACME"]), pool("p1", ["c"])],
        registrations=[registration("r0", phone_numbers=["a"]), registration("r1", phone_numbers=["b"])],
    )
    assert errors(doc, semantic.check_references) == []


def test_each_dangling_reference_is_named_with_a_suggestion() -> None:
    doc = document(
        opt_out_lists=[{"name": "marketing"}],
        protect_configurations=[{"name": "guard"}],
        configuration_sets=[{"name": "cs0"}, {"name": "cs1", "protect_configuration": "gaurd"}],
        sender_ids=[{"sender_id": "ACME", "iso_country_code": "GB"}],
        phone_numbers=[number("alpha"), number("beta", opt_out_list="marketting")],
        pools=[
            pool("p0", ["alpha"]),
            pool("p1", ["alpha", "alpah", "zzz"], opt_out_list="nowhere", sender_ids=["ACME", "ACNE"]),
        ],
        registrations=[registration("r0", phone_numbers=["alpha", "bta"])],
    )
    assert errors(doc, semantic.check_references) == [
        (
            "configuration_sets[1].protect_configuration",
            "refers to protect configuration 'gaurd', which is not declared (did you mean 'guard'?)",
        ),
        ("pools[1].opt_out_list", "refers to opt-out list 'nowhere', which is not declared"),
        ("pools[1].phone_numbers[1]", "refers to phone number 'alpah', which is not declared (did you mean 'alpha'?)"),
        ("pools[1].phone_numbers[2]", "refers to phone number 'zzz', which is not declared"),
        ("pools[1].sender_ids[1]", "refers to sender ID 'ACNE', which is not declared (did you mean 'ACME'?)"),
        (
            "phone_numbers[1].opt_out_list",
            "refers to opt-out list 'marketting', which is not declared (did you mean 'marketing'?)",
        ),
        (
            "registrations[0].phone_numbers[1]",
            "refers to phone number 'bta', which is not declared (did you mean 'beta'?)",
        ),
    ]


def test_a_number_has_one_registration() -> None:
    doc = document(
        phone_numbers=[number("a"), number("b")],
        registrations=[
            registration("first", phone_numbers=["a"]),
            registration("second", phone_numbers=["b", "a"]),
            registration("third", phone_numbers=["a"]),
        ],
    )
    covered = "phone number 'a' is already covered by registration 'first'; a number has one registration"
    assert errors(doc, semantic.check_references) == [
        ("registrations[1].phone_numbers[1]", covered),
        ("registrations[2].phone_numbers[0]", covered),
    ]


# ----- event destinations -----------------------------------------------------------------------


def max_event_destinations() -> int:
    """The maximum of cfn-lint's CloudFormation schema: the number the service enforces."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(EAST, "AWS::SMSVOICE::ConfigurationSet").schema
    return int(schema["properties"]["EventDestinations"]["maxItems"])


def destinations(count: int) -> list[dict[str, Any]]:
    return [{"name": f"d{i}", "type": "sns", "event_types": ["TEXT_ALL"]} for i in range(count)]


def test_a_configuration_set_takes_the_maximum_of_event_destinations_and_not_one_more() -> None:
    limit = max_event_destinations()
    assert limit == 5
    doc = document(
        configuration_sets=[
            {"name": "full", "event_destinations": destinations(limit)},
            {"name": "over", "event_destinations": destinations(limit + 1)},
            {"name": "none"},
        ]
    )
    assert errors(doc, semantic.check_event_destinations) == [
        (
            "configuration_sets[1].event_destinations",
            f"has {limit + 1} destinations; a configuration set allows at most {limit} (a hard limit)",
        )
    ]


def test_destination_names_are_unique_per_configuration_set_and_event_types_are_the_apis() -> None:
    first = [*destinations(2), {"name": "d0", "type": "sns", "event_types": ["TEXT_ALL", "TEXT_DELIVERD", "NOPE"]}]
    doc = document(
        configuration_sets=[
            {"name": "a", "event_destinations": first},
            {"name": "b", "event_destinations": [*destinations(1), {"name": "d0", "type": "sns", "event_types": []}]},
        ]
    )
    assert errors(doc, semantic.check_event_destinations) == [
        (
            "configuration_sets[0].event_destinations[2].name",
            "duplicate event destination name 'd0' in this configuration set",
        ),
        (
            "configuration_sets[0].event_destinations[2].event_types[1]",
            "'TEXT_DELIVERD' is not an EventType of the SMS API (did you mean 'TEXT_DELIVERED'?)",
        ),
        ("configuration_sets[0].event_destinations[2].event_types[2]", "'NOPE' is not an EventType of the SMS API"),
        (
            "configuration_sets[1].event_destinations[1].name",
            "duplicate event destination name 'd0' in this configuration set",
        ),
    ]


# ----- protect configurations -------------------------------------------------------------------

DESTROY_PROTECTED = (
    "destroy needs deletion_protection: false (a protected configuration cannot be deleted, so removing it would end "
    "in DELETE_FAILED); keep on_delete: retain, or turn protection off"
)


@pytest.mark.parametrize(
    ("keys", "refused"),
    [
        ({"on_delete": "destroy"}, True),  # protection is on by default
        ({"on_delete": "destroy", "deletion_protection": True}, True),
        ({"on_delete": "destroy", "deletion_protection": False}, False),
        ({"on_delete": "retain", "deletion_protection": True}, False),
        ({"deletion_protection": True}, False),
        ({}, False),
    ],
)
def test_a_protect_configuration_is_destroyed_only_without_protection(keys: dict[str, Any], refused: bool) -> None:
    doc = document(protect_configurations=[{"name": "kept"}, {"name": "guard", **keys}])
    expected = [("protect_configurations[1].on_delete", DESTROY_PROTECTED)] if refused else []
    assert errors(doc, semantic.check_protect_configuration_retention) == expected


# ----- pools ------------------------------------------------------------------------------------

CHANNEL = {"channel_arn": "arn:aws:sns:us-east-1:111111111111:replies"}


def test_pool_members_agree_when_one_writes_the_defaults_and_another_omits_them() -> None:
    doc = document(
        phone_numbers=[
            number("a"),
            number("b", EAST, two_way=False, self_managed_opt_outs=False, opt_out_list="Default"),
            number("c", two_way=False),
        ],
        pools=[pool("p", ["a", "b", "c"], opt_out_list="Default", self_managed_opt_outs=False)],
    )
    assert errors(doc, semantic.check_pool_members) == []


@pytest.mark.parametrize(
    ("key", "value", "shown_default"),
    [
        ("message_type", "PROMOTIONAL", "'TRANSACTIONAL'"),
        ("opt_out_list", "mine", "'Default'"),
        ("two_way", CHANNEL, "False"),
        ("self_managed_opt_outs", True, "False"),
    ],
)
@pytest.mark.parametrize("position", [1, 2])
def test_each_pool_member_must_agree_with_the_first(key: str, value: Any, shown_default: str, position: int) -> None:
    members = [number("a"), number("b"), number("c")]
    members[position][key] = value
    name = members[position]["name"]
    doc = document(phone_numbers=members, pools=[pool("p", ["a", "b", "c"])])
    assert errors(doc, semantic.check_pool_members) == [
        (
            f"pools[0].phone_numbers[{position}]",
            f"{name!r} has {key}={value!r} but the first member 'a' has {shown_default}; pool members must agree",
        )
    ]


def test_a_pool_lives_in_one_region() -> None:
    doc = document(
        phone_numbers=[number("a"), number("b", EAST), number("c", WEST)], pools=[pool("p", ["a", "b", "c"])]
    )
    assert errors(doc, semantic.check_pool_members) == [
        ("pools[0].phone_numbers[2]", "'c' is in another region than 'a'; a pool lives in one region")
    ]


def test_pools_of_undeclared_numbers_are_left_to_the_reference_check_and_later_pools_still_checked() -> None:
    doc = document(
        phone_numbers=[number("a"), number("b", WEST)],
        pools=[pool("ghost", ["nobody"]), pool("p", ["nobody", "a", "b"])],
    )
    assert errors(doc, semantic.check_pool_members) == [
        ("pools[1].phone_numbers[2]", "'b' is in another region than 'a'; a pool lives in one region")
    ]


def test_a_pools_own_settings_must_match_its_members() -> None:
    doc = document(
        opt_out_lists=[{"name": "mine"}],
        phone_numbers=[number("a"), number("b", opt_out_list="mine", self_managed_opt_outs=True), number("c")],
        pools=[
            pool("list-differs", ["a"], opt_out_list="mine"),
            pool("list-omitted", ["b"], self_managed_opt_outs=True),
            pool("two-way-without-members", ["a"], two_way=CHANNEL),
            pool("self-managed-without-members", ["c"], self_managed_opt_outs=True),
            pool("members-self-managed", ["b"], opt_out_list="mine"),
        ],
    )
    assert errors(doc, semantic.check_pool_members) == [
        ("pools[0].opt_out_list", "is 'mine' but its members use 'Default'"),
        ("pools[1].opt_out_list", "is 'Default' but its members use 'mine'"),
        ("pools[2].two_way", "the pool enables two-way but its members do not"),
        ("pools[3].self_managed_opt_outs", "must match its members' self_managed_opt_outs"),
        ("pools[4].self_managed_opt_outs", "must match its members' self_managed_opt_outs"),
    ]


def test_a_pool_may_leave_two_way_off_or_turn_it_on_with_its_members() -> None:
    doc = document(
        phone_numbers=[number("a", two_way=CHANNEL), number("b")],
        pools=[pool("on", ["a"], two_way=CHANNEL), pool("off-with-members-on", ["a"]), pool("off", ["b"])],
    )
    assert errors(doc, semantic.check_pool_members) == []


# ----- numbers the API would refuse ---------------------------------------------------------------


def test_numbers_the_api_would_refuse_or_that_could_not_send() -> None:
    doc = document(
        phone_numbers=[
            number("sim-ok"),
            number("sim-promo", message_type="PROMOTIONAL"),
            number("toll-free-promo", number_type="TOLL_FREE", message_type="PROMOTIONAL"),
            number("ten-dlc", number_type="TEN_DLC"),
            number("two-way-true", number_type="TOLL_FREE", two_way=True),
            number("two-way-false", number_type="TOLL_FREE", two_way=False),
            number("two-way-channel", number_type="TOLL_FREE", two_way=CHANNEL),
            number("long-code", number_type="LONG_CODE"),
        ]
    )
    assert errors(doc, semantic.check_number_requests) == [
        (
            "phone_numbers[1].message_type",
            "a SIMULATOR number must be TRANSACTIONAL (RequestPhoneNumber refuses PROMOTIONAL)",
        ),
        (
            "phone_numbers[4].two_way",
            "true names no channel for the replies: write two_way: {channel_arn: <SNS topic or Amazon Connect ARN>, "
            "channel_role_arn: <optional IAM role ARN>}, or false",
        ),
    ]


def test_a_toll_free_pool_takes_only_unstop_or_start_to_opt_in() -> None:
    keywords = [
        {"keyword": word, "message": "m", "action": action}
        for word, action in [
            ("UNSTOP", "OPT_IN"),
            ("start", "OPT_IN"),
            (" stop ", "AUTOMATIC_RESPONSE"),
            ("QUIT", "OPT_OUT"),
            ("START", "AUTOMATIC_RESPONSE"),
            ("HELLO", "OPT_IN"),
            ("INFO", "AUTOMATIC_RESPONSE"),
        ]
    ]
    doc = document(
        phone_numbers=[number("long", number_type="LONG_CODE"), number("free", number_type="TOLL_FREE")],
        pools=[pool("long-code", ["long"], keywords=keywords), pool("toll-free", ["long", "free"], keywords=keywords)],
    )
    only = "toll-free numbers accept only UNSTOP or START with action OPT_IN, not "
    assert errors(doc, semantic.check_toll_free_keywords) == [
        ("pools[1].keywords[2]", "toll-free numbers handle STOP at the carrier; ' stop ' cannot be customised"),
        ("pools[1].keywords[3]", "toll-free numbers handle STOP at the carrier; 'QUIT' cannot be customised"),
        ("pools[1].keywords[4]", f"{only}'START'/AUTOMATIC_RESPONSE"),
        ("pools[1].keywords[5]", f"{only}'HELLO'/OPT_IN"),
        ("pools[1].keywords[6]", f"{only}'INFO'/AUTOMATIC_RESPONSE"),
    ]


# ----- registrations ----------------------------------------------------------------------------


def test_a_registration_covers_numbers_of_its_own_region() -> None:
    doc = document(
        phone_numbers=[number("a"), number("b", EAST), number("w", WEST)],
        registrations=[
            registration("east", phone_numbers=["a", "b", "w", "undeclared"]),
            registration("west", region=WEST, phone_numbers=["w", "a"]),
        ],
    )
    assert errors(doc, semantic.check_registration_links) == [
        (
            "registrations[0].phone_numbers[2]",
            "'w' is requested in us-west-2 but the registration is filed in us-east-1; registrations are per region",
        ),
        (
            "registrations[1].phone_numbers[1]",
            "'a' is requested in us-east-1 but the registration is filed in us-west-2; registrations are per region",
        ),
    ]


def test_attachments_must_be_files_in_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "optin.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    doc = document(
        registrations=[
            registration("r0", attachments={"messagingUseCase.optInImage": "optin.png", "other.image": "missing.png"})
        ]
    )
    assert errors(doc, semantic.check_registration_links, tmp_path / "edge.yaml") == [
        (
            "registrations[0].attachments.other.image",
            f"file 'missing.png' not found in the config folder {tmp_path.name}/",
        )
    ]


def filing(name: str, company: str | None, use_case: str | list[str] | None, **keys: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if company is not None:
        fields["companyInfo.companyName"] = company
    if use_case is not None:
        fields["messagingUseCase.useCaseCategory"] = use_case
    return registration(name, fields=fields, **keys)


def test_one_business_files_one_registration_per_use_case_and_region() -> None:
    doc = document(
        registrations=[
            filing("nameless-0", None, "TWO_FACTOR"),
            filing("nameless-1", "", "TWO_FACTOR"),
            filing("acme", "Acme  Corp", ["A", "B"]),
            filing("acme-again", " acme corp", ["A", "B"]),
            filing("acme-west", "Acme Corp", ["A", "B"], region=WEST),
            filing("acme-other-use", "Acme Corp", "TWO_FACTOR"),
            filing("acme-other-use-again", "ACME CORP", "TWO_FACTOR"),
            filing("bare", "Bare", None),
            filing("bare-again", "bare", None),
        ]
    )
    assert errors(doc, semantic.check_duplicate_filings) == [
        (
            "registrations[3]",
            "files 'acme corp' for use case A,B in us-east-1 again; registration 'acme' already does "
            "(one registration per business, use case and region)",
        ),
        (
            "registrations[6]",
            "files 'acme corp' for use case TWO_FACTOR in us-east-1 again; registration 'acme-other-use' already "
            "does (one registration per business, use case and region)",
        ),
        (
            "registrations[8]",
            "files 'bare' for use case (none) in us-east-1 again; registration 'bare' already does "
            "(one registration per business, use case and region)",
        ),
    ]


# ----- quotas -----------------------------------------------------------------------------------


def quota(count: int, where: str) -> str:
    return f"{count} {where} exceeds the default quota of {QUOTA}; request an increase first"


def test_configuration_sets_and_opt_out_lists_are_within_the_quota_at_25_and_not_at_26() -> None:
    sets = [{"name": f"cs{i}"} for i in range(QUOTA + 1)]
    lists = [{"name": f"l{i}"} for i in range(QUOTA)]  # the Default list is the 26th
    assert warnings(document(configuration_sets=sets[:QUOTA], opt_out_lists=lists[:-1]), semantic.check_quotas) == []
    assert warnings(document(configuration_sets=sets, opt_out_lists=lists), semantic.check_quotas) == [
        ("configuration_sets", quota(QUOTA + 1, "per region")),
        ("opt_out_lists", quota(QUOTA + 1, "per region")),
    ]


def test_numbers_and_pools_count_per_region_with_a_pool_in_its_first_members_region() -> None:
    west = [number(f"w{i}", WEST) for i in range(QUOTA + 1)]
    east = [number(f"e{i}") for i in range(QUOTA)] + [number(f"e{QUOTA}", EAST)]
    # each pool's first member is in us-west-2; its second (a mistake the pool check reports) in us-east-1
    pools = [pool(f"p{i}", [f"w{i}", "e0"]) for i in range(QUOTA + 1)]
    assert warnings(document(phone_numbers=west[:QUOTA] + east[:3], pools=pools[:QUOTA]), semantic.check_quotas) == []
    assert warnings(document(phone_numbers=west + east, pools=pools), semantic.check_quotas) == [
        ("pools", quota(QUOTA + 1, "in us-west-2")),
        ("phone_numbers", quota(QUOTA + 1, "in us-east-1")),
        ("phone_numbers", quota(QUOTA + 1, "in us-west-2")),
    ]


def test_a_pool_of_undeclared_numbers_counts_in_the_primary_region() -> None:
    pools = [pool(f"p{i}", ["nobody"]) for i in range(QUOTA + 1)]
    assert warnings(document(regions=[WEST, EAST], pools=pools), semantic.check_quotas) == [
        ("pools", quota(QUOTA + 1, "in us-west-2"))
    ]


# ----- the stack's resource budget ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "east", "west"),
    [
        ({}, 18, 18),  # the stack's own resources
        ({"phone_numbers": [number("a")]}, 18 + 19 + 4, 18),  # the first number brings the provider
        ({"phone_numbers": [number("a"), number("w", WEST)]}, 41, 41),
        ({"registrations": [registration("r", phone_numbers=[])]}, 18 + 19 + 2, 18),  # a registration alone, too
        ({"registrations": [registration("r", region=WEST)]}, 18, 39),
        ({"phone_numbers": [number("w", WEST)], "pools": [pool("p", ["w", "x"])]}, 18, 41 + 3),
        ({"pools": [pool("p", ["undeclared"])]}, 18 + 3, 18),
        ({"opt_out_lists": [{"name": "l"}], "protect_configurations": [{"name": "c"}]}, 20, 20),
        ({"sender_ids": [{"sender_id": "ACME", "iso_country_code": "GB"}]}, 19, 19),
        ({"tracking": {"notify_emails": ["a@example.com", "b@example.com"]}}, 20, 20),
        ({"tracking": {"notify_emails": ["a@example.com"], "spend_limit_usd": 100}}, 20, 20),
        ({"tracking": {"spend_limit_usd": 50}}, 19, 19),  # the alarm on spend
        ({"tracking": {"spend_limit_usd": 0}}, 18, 18),
        ({"configuration_sets": [{"name": "cs"}]}, 21, 21),
        (
            {
                "configuration_sets": [
                    {
                        "name": "cs",
                        "event_destinations": [
                            {"name": kind, "type": kind, "event_types": ["TEXT_ALL"]}
                            for kind in ("cloudwatch_logs", "firehose", "sns")
                        ],
                    }
                ]
            },
            18 + 3 + 8 + 12 + 3,
            44,
        ),
    ],
)
def test_the_stack_estimate_adds_what_synthesis_measured_per_entry(
    sections: dict[str, Any], east: int, west: int
) -> None:
    """The per-entry counts are those measured from synthesized stacks (``test_stack_resources.py``)."""
    doc = document(**sections)
    assert (semantic._stack_resources(doc, EAST), semantic._stack_resources(doc, WEST)) == (east, west)


def test_with_bulk_registrations_and_their_numbers_move_to_shard_stacks() -> None:
    numbers = [number("a"), number("b"), number("w", WEST), number("kept")]
    registrations = [registration("r", phone_numbers=["a", "b"]), registration("rw", region=WEST, phone_numbers=["w"])]
    flat = document(phone_numbers=numbers, registrations=registrations)
    bulk = document(phone_numbers=numbers, registrations=registrations, bulk={"shards": 2})
    assert semantic._stack_resources(flat, EAST) == 18 + 19 + 3 * 4 + 2
    assert semantic._stack_resources(flat, WEST) == 18 + 19 + 4 + 2
    assert semantic._stack_resources(bulk, EAST) == 18 + 19 + 4  # only "kept" stays
    assert semantic._stack_resources(bulk, WEST) == 18


def budget_message(region: str, total: int, advice: str, index: int = 0) -> tuple[str, str]:
    return (
        f"regions[{index}]",
        f"stack SmsEstate-edge-{region} would hold about {total} resources (budget {STACK_RESOURCE_BUDGET} of "
        f"CloudFormation's {STACK_RESOURCE_LIMIT} per stack); {advice}",
    )


def filled(extra_lists: int, **sections: Any) -> dict[str, Any]:
    """One number fewer than the budget can take (18 + 19 + 4 * 103 = 449), plus ``extra_lists`` opt-out lists."""
    assert STACK_RESOURCE_BUDGET == 450
    return document(
        phone_numbers=[number(f"n{i}") for i in range(103)],
        opt_out_lists=[{"name": f"l{i}"} for i in range(extra_lists)],
        **sections,
    )


SPLIT = "split the environment, or move entries to another region"


def test_a_stack_at_the_budget_passes_and_one_resource_more_is_refused() -> None:
    assert errors(filled(1), semantic.check_stack_resources) == []
    assert errors(filled(2), semantic.check_stack_resources) == [budget_message(EAST, 451, SPLIT)]
    # both regions count the two declared lists; the second region is reported at its own index
    west = document(
        regions=[WEST, EAST],
        phone_numbers=[number(f"n{i}", EAST) for i in range(103)],
        opt_out_lists=[{"name": "a"}, {"name": "b"}],
    )
    assert errors(west, semantic.check_stack_resources) == [budget_message(EAST, 451, SPLIT, index=1)]


def shards(count: int) -> str:
    return f"add `bulk: {{shards: {count}}}` to file registrations and their numbers from shard stacks (docs/bulk.md)"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [(1, 2), (225, 3), (226, 4), (301, 5)],  # ceil(rows * 4 / 300), at least 2
)
def test_an_oversized_stack_of_registrations_is_told_how_many_shards_to_use(rows: int, expected: int) -> None:
    # half of them name their region, half take the primary one: both count
    registrations = [registration(f"r{i}", **({"region": EAST} if i % 2 else {})) for i in range(rows)]
    registrations.append(registration("elsewhere", region=WEST))
    doc = filled(2, registrations=registrations)
    total = 451 + 2 * rows
    assert errors(doc, semantic.check_stack_resources) == [budget_message(EAST, total, shards(expected))]


def test_a_bulk_environment_past_the_budget_is_told_to_split() -> None:
    doc = filled(2, registrations=[registration("r")], bulk={"shards": 2})
    assert errors(doc, semantic.check_stack_resources) == [budget_message(EAST, 451, SPLIT)]


def test_run_checks_runs_every_check_in_order_and_collects_all_findings() -> None:
    doc = document(environment="other", regions=["mars-1"], opt_out_lists=[{"name": f"l{i}"} for i in range(QUOTA)])
    findings = run_checks(doc, SOURCE)
    assert [path for path, _ in findings.errors] == ["environment", "regions[0]"]
    assert findings.warnings == [("opt_out_lists", quota(QUOTA + 1, "per region"))]
