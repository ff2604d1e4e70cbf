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
