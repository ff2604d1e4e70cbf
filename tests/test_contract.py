"""Architecture: the custom-resource contract is spelled once, in ``sms_runtime.contract``.

The constructs write property keys into templates, the handlers read them back from CloudFormation
events, the diff and the tests read them too. A key spelled twice can drift apart silently: a template
that says ``OnDelete`` and a handler that reads ``OnDeletion`` deploy fine and keep every number. So
this test reads the source (an AST scan, no imports of the scanned modules) and fails on each place that
spells the contract again, naming file and line:

* a ``Custom::Sms*`` type name in a string literal anywhere (docstrings excepted: they explain);
* a runtime module reading a resource property or ``Data`` entry by a literal contract key, through the
  property helpers of ``handlers.request`` or by ``.get``/``[...]`` on properties, carry or data;
* a construct module that creates a ``CustomResource`` and spells a contract key as a dict key, an
  index or a ``.get`` argument (its properties must be built from the contract's names).

API request and response members (``number["PhoneNumberArn"]`` from ``DescribePhoneNumbers``) share
some names with the contract but belong to the service: the checks look at what reads properties and
builds resources, so they stay out of it.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sms_runtime import contract

REPO = Path(__file__).resolve().parents[1]
CONTRACT_FILE = REPO / "custom_resources" / "sms_runtime" / "contract.py"
SCANNED_ROOTS = ("constructs", "custom_resources", "tools", "tests")
RUNTIME_ROOT = REPO / "custom_resources" / "sms_runtime"
CONSTRUCTS_ROOT = REPO / "constructs"

# The helpers in ``sms_runtime.handlers.request`` that read one property: ``helper(props, KEY, ...)``.
PROPERTY_HELPERS = frozenset({"text", "optional_text", "flag", "string_list", "mapping"})
# What a runtime module calls the mappings that hold properties, ``Data`` or the carry: ``props``,
# ``request.properties``, ``row.applied_properties``, ``request.data``. A bare ``data`` is left out: the
# lint's input is an API answer by that name.
CONTRACT_MAPPING = re.compile(r"(?:^|[._])(?:props|properties|carry)$|\.data$")


def _contract_classes() -> list[type]:
    return [c for c in vars(contract).values() if inspect.isclass(c) and c.__module__ == contract.__name__]


def _names(cls: type) -> dict[str, str]:
    return {name: value for name, value in vars(cls).items() if name.isupper() and isinstance(value, str)}


TYPE_NAMES = frozenset(v for k, v in vars(contract).items() if k.endswith("_TYPE") and isinstance(v, str))
KEYS = frozenset(value for cls in _contract_classes() for value in _names(cls).values())


def _python_files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "__pycache__" not in path.parts and path != CONTRACT_FILE:
                yield path


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _documentation(tree: ast.Module) -> set[int]:
    """The ``id`` of every string that only documents: a docstring, or any other bare string statement."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def _where(path: Path, node: ast.AST) -> str:
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    return f"{shown}:{getattr(node, 'lineno', 0)}"


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _keyed_reads(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.expr, str]]:
    """Every ``receiver[KEY]`` and ``receiver.get(KEY, ...)`` with a literal ``KEY``: (node, receiver, key)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):  # ``K in receiver`` is a read only for the tests' scan
            yield from _keyed_reads_of(node)


def type_name_literals(paths: list[Path]) -> list[str]:
    """``file:line`` of each non-documentation string literal that spells a ``Custom::Sms`` type name."""
    found = []
    for path in paths:
        tree = _parse(path)
        documentation = _documentation(tree)
        for node in ast.walk(tree):
            text = _literal(node)
            if text is not None and contract.TYPE_PREFIX in text and id(node) not in documentation:
                found.append(_where(path, node))
    return found


def runtime_key_reads(paths: list[Path]) -> list[str]:
    """``file:line key`` of each property or ``Data`` read by a literal contract key in the runtime."""
    found = []
    for path in paths:
        tree = _parse(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) in PROPERTY_HELPERS and len(node.args) >= 2:
                key = _literal(node.args[1])
                if key in KEYS:
                    found.append(f"{_where(path, node)} {key}")
        for node, receiver, key in _keyed_reads(tree):
            if key in KEYS and CONTRACT_MAPPING.search(ast.unparse(receiver)):
                found.append(f"{_where(path, node)} {key}")
    return found


def _creates_custom_resource(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Call) and _called_name(node).endswith("CustomResource") for node in ast.walk(tree))


def construct_key_literals(paths: list[Path]) -> list[str]:
    """``file:line key`` of each contract key a resource-building construct module spells itself."""
    found = []
    for path in paths:
        tree = _parse(path)
        if not _creates_custom_resource(tree):
            continue
        spelled: list[tuple[ast.AST, str]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                spelled += [(key, text) for key in node.keys if key is not None and (text := _literal(key)) is not None]
        spelled += [(node, key) for node, _receiver, key in _keyed_reads(tree)]
        found += [f"{_where(path, node)} {key}" for node, key in spelled if key in KEYS]
    return found


# --- tests: custom-resource properties and attributes through the contract -------------------------
#
# A test reads and writes a Custom::Sms* resource's properties, Data and GetAtt names like the code
# under test does, so it spells them through the contract too. API members (``number["PhoneNumberArn"]``
# of DescribePhoneNumbers, ``params["PoolId"]`` of a fake's call) and the properties of the
# ``AWS::SMSVOICE::*`` L1 resources share names with the contract, so the rule never goes by a name
# alone; it follows what is known to be an SMS custom resource (a "custom" expression):
#
# * a type reference: a contract ``*_TYPE`` name, or a module-level name whose value holds one
#   (``PHONE = PHONE_NUMBER_TYPE``, ``DRIVEN = {PHONE_NUMBER_TYPE, ...}``, in any scanned module);
# * a name bound (assignment, ``for``, comprehension) in the same function from a custom expression,
#   or a comprehension variable filtered by one (``for r in ... if r["Type"] == PHONE_NUMBER_TYPE``);
# * inside ``if N["Type"] == <type reference>:`` (or ``in``), the name ``N``.
#
# Flagged, for a literal key ``K`` of a ``*Props``/``*Keys`` class:
# * ``C["Properties"]...[K]``, ``.get(K)``/``.pop(K)``/``.setdefault(K)`` and ``K in``/``not in`` on
#   a receiver that holds ``C["Properties"]`` (C custom) or a name bound from one;
# * a dict-literal key ``K`` inside the arguments of a call that builds a custom resource: a call
#   given a type reference (``cfn.create(id, PHONE, {...})``, ``ResourceState(id, TYPE, {...})``,
#   ``find_resources(TYPE, {"Properties": {...}})``), a call of the test harness (``cfn.*``,
#   ``estate.*``), or a call of a module function that itself makes such a call (a builder such as
#   ``number(**props)``); and the dict literal bound to a name passed to such a call (``TOLL_FREE``).
# For a literal key ``K`` of an ``*Attrs`` class:
# * ``X.data[K]``, ``X["Data"][K]`` and ``.get(K)`` on them, dict keys of a literal compared with ``X.data``;
# * a ``Fn::GetAtt`` name: ``{"Fn::GetAtt": [target, K]}`` or ``...["Fn::GetAtt"][1] == K``, when the
#   target is custom or ``K`` is no attribute of an ``AWS::SMSVOICE::*`` L1 resource (their
#   ``readOnlyProperties`` in cfn-lint's schemas: ``PhoneNumberId`` may be an L1 number's).

PROP_KEYS = frozenset(
    value for cls in _contract_classes() if not cls.__name__.endswith("Attrs") for value in _names(cls).values()
)
ATTR_KEYS = frozenset(
    value for cls in _contract_classes() if cls.__name__.endswith("Attrs") for value in _names(cls).values()
)
L1_TYPES = tuple(
    f"AWS::SMSVOICE::{name}"
    for name in ("PhoneNumber", "Pool", "SenderId", "OptOutList", "ConfigurationSet", "ProtectConfiguration")
)
HARNESS = re.compile(r"(?:^|\.)(?:cfn|estate)\.\w+$")
DATA = re.compile(r"(?:\.data|\[['\"]Data['\"]\])$")
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _l1_attributes() -> frozenset[str]:
    from sms_estate.yaml_app.config.contracts import resource_schema  # the schemas cfn-lint ships

    return frozenset(
        pointer.rsplit("/", 1)[-1]
        for resource_type in L1_TYPES
        for pointer in (resource_schema(resource_type) or {}).get("readOnlyProperties", [])
    )


def _type_aliases(trees: list[ast.Module]) -> frozenset[str]:
    """Contract type names, and every module-level name (of any scanned module) whose value holds one."""
    names = {k for k in vars(contract) if k.endswith("_TYPE")}
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for statement in tree.body:
                if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                    if _mentions(statement.value, names):
                        new = {t.id for t in targets if isinstance(t, ast.Name)} - names
                        names |= new
                        grew = grew or bool(new)
    return frozenset(names)


def _mentions(node: ast.AST, names: set[str] | frozenset[str]) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id in names) or (isinstance(n, ast.Attribute) and n.attr in names)
        for n in ast.walk(node)
    )


def _bound(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _scope_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of one function (or the module), without those of the functions nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPES):
            stack.extend(ast.iter_child_nodes(node))


def _custom_names(scope: ast.AST, types: frozenset[str]) -> set[str]:
    """Names of one scope bound from a custom expression, or filtered by a type reference (a fixpoint)."""
    custom: set[str] = set()
    while True:
        known = types | custom
        found = set(custom)
        for node in _scope_nodes(scope):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if _mentions(node.value, known):
                    found |= {name for t in targets for name in _bound(t)}
            elif isinstance(node, ast.For | ast.comprehension) and _mentions(node.iter, known):
                found |= _bound(node.target)
            if isinstance(node, ast.comprehension) and any(_mentions(test, types) for test in node.ifs):
                found |= _bound(node.target)
            if isinstance(node, ast.comprehension):
                found |= {name for test in node.ifs for name in _type_guarded(test, types)}
        if found == custom:
            return custom
        custom = found


def _type_guarded(test: ast.AST, types: frozenset[str]) -> set[str]:
    """``N`` of each ``N[...] == <type>`` / ``N[...] in <types>`` in a condition."""
    guarded: set[str] = set()
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and len(node.comparators) == 1:
            left, right = node.left, node.comparators[0]
            for side, other in ((left, right), (right, left)):
                if _mentions(other, types) and not _mentions(side, types):
                    guarded |= _bound(side)
    return guarded


def _properties_of(node: ast.AST, custom: set[str] | frozenset[str]) -> bool:
    """Whether ``node`` holds ``C["Properties"]`` of a custom expression ``C``."""
    return any(
        isinstance(n, ast.Subscript) and _literal(n.slice) == "Properties" and _mentions(n.value, custom)
        for n in ast.walk(node)
    )


def _dict_keys(node: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Literal keys of the dicts in ``node``; a template resource's own ``"Properties"`` key is left out.

    ``BulkRowKeys.PROPERTIES`` is ``"Properties"`` too: it counts only beside another contract key.
    """
    for n in ast.walk(node):
        if isinstance(n, ast.Dict):
            keys = [(key, text) for key in n.keys if key is not None and (text := _literal(key)) is not None]
            others = {text for _key, text in keys if text != "Properties"} & PROP_KEYS
            yield from ((key, text) for key, text in keys if text != "Properties" or others)


def _builders(tree: ast.Module, types: frozenset[str]) -> set[str]:
    """Module functions that build a custom resource: they call with a type reference, or call a builder."""
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    builders: set[str] = set()
    while True:
        found = {
            name
            for name, function in functions.items()
            if any(_builds(node, types, builders) for node in ast.walk(function))
        }
        if found <= builders:
            return builders
        builders |= found


def _builds(node: ast.AST, types: frozenset[str], builders: set[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    arguments = [*node.args, *(k.value for k in node.keywords)]
    return (
        any(_mentions(a, types) for a in arguments)
        or HARNESS.search(ast.unparse(node.func)) is not None
        or (isinstance(node.func, ast.Name) and node.func.id in builders)
    )


def key_literals_in_tests(paths: list[Path]) -> list[str]:
    """``file:line key`` of each custom-resource property, ``Data`` or GetAtt key a test spells itself."""
    trees = {path: _parse(path) for path in paths}
    types = _type_aliases(list(trees.values()))
    l1_attributes = _l1_attributes()
    found: set[str] = set()
    for path, tree in trees.items():
        builders = _builders(tree, types)
        passed: set[str] = set()  # names handed to a building call
        spelled: list[tuple[ast.AST, str, frozenset[str]]] = []
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, SCOPES))]:
            in_scope = types | _custom_names(scope, types)
            guarded = _guarded(scope, types)
            holders: set[str] = set()  # names bound from C["Properties"]
            for node in _scope_nodes(scope):
                if isinstance(node, ast.Assign) and _properties_of(node.value, in_scope | guarded.get(id(node), set())):
                    holders |= {name for t in node.targets for name in _bound(t)}
            for node in _scope_nodes(scope):
                custom = in_scope | guarded.get(id(node), set())
                if isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if any(_properties_of(t, custom) for t in targets):  # C["Properties"] = {...}, |= {...}
                        spelled += [(at, key, PROP_KEYS) for at, key in _dict_keys(node.value)]
                if isinstance(node, ast.Dict):  # {"Type": <type>, "Properties": {...}}
                    entries = {_literal(k): v for k, v in zip(node.keys, node.values, strict=True) if k is not None}
                    if "Type" in entries and "Properties" in entries and _mentions(entries["Type"], types):
                        spelled += [(at, key, PROP_KEYS) for at, key in _dict_keys(entries["Properties"])]
                for at, receiver, key in _keyed_reads_of(node):
                    if key in PROP_KEYS - {"Properties"} and (
                        _properties_of(receiver, custom) or _holder(receiver, holders, custom)
                    ):
                        spelled.append((at, key, PROP_KEYS))
                    if key in ATTR_KEYS and DATA.search(ast.unparse(receiver)):
                        spelled.append((at, key, ATTR_KEYS))
                if isinstance(node, ast.Call) and _builds(node, types, builders):
                    arguments = [*node.args, *(k.value for k in node.keywords)]
                    spelled += [(at, key, PROP_KEYS) for a in arguments for at, key in _dict_keys(a)]
                    passed |= {name for a in arguments for name in _bound(a)}
                if isinstance(node, ast.Compare) and len(node.comparators) == 1:
                    sides = (node.left, node.comparators[0])
                    if any(DATA.search(ast.unparse(s)) for s in sides):
                        spelled += [(at, key, ATTR_KEYS) for s in sides for at, key in _dict_keys(s)]
                    for side, other in (sides, sides[::-1]):
                        compared = _literal(other)
                        if ast.unparse(side).endswith("['Fn::GetAtt'][1]") and compared is not None:
                            spelled.append((other, compared, ATTR_KEYS - l1_attributes))
                if isinstance(node, ast.Dict) and len(node.keys) == 1 and _literal(node.keys[0]) == "Fn::GetAtt":
                    value = node.values[0]
                    if (
                        isinstance(value, ast.List)
                        and len(value.elts) == 2
                        and (attribute := _literal(value.elts[1])) is not None
                        and (attribute not in l1_attributes or _mentions(value.elts[0], custom))
                    ):
                        spelled.append((value.elts[1], attribute, ATTR_KEYS))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(name in passed for t in targets for name in _bound(t)) and isinstance(node.value, ast.Dict):
                    spelled += [(at, key, PROP_KEYS) for at, key in _dict_keys(node.value)]
        found |= {f"{_where(path, at)} {key}" for at, key, keys in spelled if key in keys}
    return sorted(found, key=lambda line: (line.split(":")[0], int(line.split(":")[1].split()[0])))


def _keyed_reads_of(node: ast.AST) -> Iterator[tuple[ast.AST, ast.expr, str]]:
    """``receiver[K]``, ``receiver.get(K)`` (``pop``, ``setdefault``) and ``K in receiver`` at ``node``."""
    if isinstance(node, ast.Subscript) and (key := _literal(node.slice)) is not None:
        yield node, node.value, key
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("get", "pop", "setdefault")
        and node.args
        and (key := _literal(node.args[0])) is not None
    ):
        yield node, node.func.value, key
    elif (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and (key := _literal(node.left)) is not None
    ):
        yield node, node.comparators[0], key


def _holder(receiver: ast.AST, holders: set[str], custom: frozenset[str] | set[str]) -> bool:
    """Whether ``receiver`` is (an index into) a name bound from a custom resource's ``Properties``."""
    while isinstance(receiver, ast.Subscript):
        receiver = receiver.value
    return isinstance(receiver, ast.Name) and receiver.id in holders


def _guarded(scope: ast.AST, types: frozenset[str]) -> dict[int, set[str]]:
    """For each node under ``if N[...] == <type>:``, the names ``N`` that guard makes custom (its body only)."""
    extra: dict[int, set[str]] = {}
    for node in _scope_nodes(scope):
        if isinstance(node, ast.If) and (names := _type_guarded(node.test, types)):
            for part in [node.test, *node.body]:
                for inner in ast.walk(part):
                    extra.setdefault(id(inner), set()).update(names)
    return extra


# --- the contract itself ----------------------------------------------------------------------------


def test_every_type_name_is_an_sms_custom_type_and_distinct() -> None:
    assert len(TYPE_NAMES) == len([k for k in vars(contract) if k.endswith("_TYPE")]) >= 6
    assert all(re.fullmatch(rf"{re.escape(contract.TYPE_PREFIX)}[A-Z][A-Za-z]+", name) for name in TYPE_NAMES)


@pytest.mark.parametrize("cls", _contract_classes(), ids=lambda cls: cls.__name__)
def test_each_namespace_names_distinct_pascal_case_keys(cls: type) -> None:
    """Within one resource's properties (or attributes), two names for one key would be one key twice."""
    values = list(_names(cls).values())
    assert values, f"{cls.__name__} names no key"
    assert len(set(values)) == len(values), f"{cls.__name__} spells one key under two names"
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", value) for value in values)


def test_the_contract_module_imports_nothing_but_typing() -> None:
    """The constructs load it at synth and the Lambda at cold start: no boto3, no CDK, no package."""
    tree = _parse(CONTRACT_FILE)
    imported = {
        alias.name if isinstance(node, ast.Import) else str(node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "typing"}


# --- nobody else spells it --------------------------------------------------------------------------


def test_no_module_spells_a_custom_type_name() -> None:
    paths = list(_python_files(*(REPO / root for root in SCANNED_ROOTS)))
    assert len(paths) > 100  # the scan sees the code base, not an empty folder
    assert type_name_literals(paths) == []


def test_runtime_modules_read_properties_and_data_through_the_contract() -> None:
    assert runtime_key_reads(list(_python_files(RUNTIME_ROOT))) == []


def test_construct_modules_build_resource_properties_from_the_contract() -> None:
    assert construct_key_literals(list(_python_files(CONSTRUCTS_ROOT))) == []


# --- the scans catch what they are for (so an empty answer above means something) -------------------

# ``@`` stands for the type prefix, so that this file spells no type name itself.
SPELLED_AGAIN = '''
"""Docs may say @PhoneNumber."""
from sms_runtime.handlers.request import flag, text

TYPE = "@PhoneNumber"
MESSAGE = f"no @Registration {1}"

def read(props, request, number):
    """@Registration, explained."""
    on_delete = text(props, "OnDelete", "retain")
    submit = flag(request.properties, "Submit", False)
    fields = props.get("Fields")
    ids = request.data["AttachmentIds"]
    api_member = number["PhoneNumberArn"]  # a DescribePhoneNumbers member: not the contract
    return cdk.CustomResource(None, "R", properties={"NumberType": "TOLL_FREE"}), ids, api_member
'''.replace("@", contract.TYPE_PREFIX)


def test_the_scans_find_a_contract_spelled_again(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(SPELLED_AGAIN, encoding="utf-8")

    def lines(found: list[str]) -> list[str]:
        return sorted(line.split(":", 1)[1] for line in found)

    assert lines(type_name_literals([sample])) == ["5", "6"]  # the constant and the f-string, not the docstrings
    # The API member on line 14 is not a property read: the runtime scan leaves it alone.
    assert lines(runtime_key_reads([sample])) == ["10 OnDelete", "11 Submit", "12 Fields", "13 AttachmentIds"]
    # A module that builds a CustomResource spells no contract key at all, not even as an index.
    assert lines(construct_key_literals([sample])) == [
        "12 Fields",
        "13 AttachmentIds",
        "14 PhoneNumberArn",
        "15 NumberType",
    ]


def test_tests_spell_custom_resource_keys_through_the_contract() -> None:
    """Every test reads and writes ``Custom::Sms*`` properties, ``Data`` and GetAtt names by the contract."""
    paths = list(_python_files(REPO / "tests"))
    assert len(paths) > 50
    assert key_literals_in_tests(paths) == []


TEST_SPELLING = """
from sms_runtime.contract import PHONE_NUMBER_TYPE

NUMBER = PHONE_NUMBER_TYPE
TOLL_FREE = {"NumberType": "TOLL_FREE"}

def number(**properties):
    return state(NUMBER, **{**TOLL_FREE, **properties})

def read(template, cfn, aws, outcome, resources):
    numbers = [r for r in template["Resources"].values() if r["Type"] == PHONE_NUMBER_TYPE]
    assert numbers[0]["Properties"]["OnDelete"] == "retain"
    props = only(resources, PHONE_NUMBER_TYPE)["Properties"]
    assert props.get("AllowReplacement") is False and "Submit" not in props
    cfn.update("Number", {"PoolId": "pool-1"})
    number(TwoWay={"Enabled": True, "TwoWayChannelArn": "arn"})
    assert outcome.data["PhoneNumberArn"] and {"Fn::GetAtt": ["Pool", "PhoneNumberArn"]}
    for resource in template["Resources"].values():
        if resource["Type"] == PHONE_NUMBER_TYPE:
            resource["Properties"] |= {"TwoWayEnabled": True}
        if resource["Type"] == "AWS::SMSVOICE::Pool":
            assert resource["Properties"]["OptOutListName"] and {"Fn::GetAtt": ["Number", "PhoneNumberId"]}
    pool = only(resources, "AWS::SMSVOICE::Pool")["Properties"]
    assert pool["DeletionProtectionEnabled"] and aws.sms.numbers["n"]["PhoneNumberArn"]
    assert aws.sms.handle("RequestPhoneNumber", {"NumberType": "TOLL_FREE"})["PhoneNumberId"]
    assert template.find_resources(PHONE_NUMBER_TYPE, {"Properties": {"MessageType": "PROMOTIONAL"}})
    return {"Type": PHONE_NUMBER_TYPE, "Properties": {"AdoptByTag": True}}
"""


def test_the_test_scan_follows_custom_resources_and_leaves_api_shapes_alone(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(TEST_SPELLING, encoding="utf-8")
    found = sorted(line.split(":", 1)[1] for line in key_literals_in_tests([sample]))
    # Caught: a builder's dict (5), a read of a filtered resource (12), of a name bound from its Properties
    # (14, both), a harness call (15), a builder's keywords (16), Data and an L1-free GetAtt name (17), an
    # update under a type guard (20), a find_resources filter (26) and a resource literal of a type (27).
    # Left alone: the L1 pool's properties and an L1 attribute name (22, 24), API members of the fake (24, 25).
    assert found == [
        "12 OnDelete",
        "14 AllowReplacement",
        "14 Submit",
        "15 PoolId",
        "16 TwoWayChannelArn",
        "17 PhoneNumberArn",  # both: one line, one entry
        "20 TwoWayEnabled",
        "26 MessageType",
        "27 AdoptByTag",
        "5 NumberType",
    ]
