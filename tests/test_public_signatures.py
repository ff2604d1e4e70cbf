"""Every type a public signature names is one a library user can import.

For each class and function in ``sms_estate.__all__``: the parameters (and return types) of its
constructor, public methods, static and class methods (the ``from_*`` imports) and properties defined in
this library must resolve (``typing.get_type_hints``) to the standard library, ``aws_cdk`` /
``constructs``, or a name in ``sms_estate.__all__``. A ``Literal`` counts only as the exported alias
itself (by identity): a user cannot spell an unexported ``Literal`` except by copying it. Otherwise a
consumer's type checker sees a name they cannot import (review finding: ``OnDelete``, ``Suppression``,
``FieldValue``).
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import Callable, Iterator

import pytest

import sms_estate
from sms_estate.interfaces import ISmsResource

PUBLIC = {name: getattr(sms_estate, name) for name in sms_estate.__all__}
EXPORTED_IDS = {id(value) for value in PUBLIC.values()}
THIRD_PARTY = {"aws_cdk", "constructs"}


def _members(owner: type) -> set[str] | None:
    """Which members of ``owner`` a library user calls: all of this library's own classes; only the
    constructor of a runtime type it re-exports (``Suppression``: built by users, read by the handler);
    none of aws_cdk's or object's (their signatures are theirs)."""
    package = owner.__module__.split(".")[0]
    if package == "sms_estate":
        return None
    return {"__init__"} if package == "sms_runtime" else set()


def _callables(name: str, value: object) -> Iterator[tuple[str, Callable[..., object]]]:
    """(where, function) for every public callable of ``value`` this library defines."""
    if inspect.isfunction(value):
        yield name, value
        return
    if not inspect.isclass(value):
        return  # a type alias (Literal, Mapping[...]) names no parameters of its own
    for owner in value.__mro__:
        wanted = _members(owner)
        for member, attribute in vars(owner).items():
            if (member.startswith("_") and member != "__init__") or (wanted is not None and member not in wanted):
                continue
            function = attribute.__func__ if isinstance(attribute, (staticmethod, classmethod)) else attribute
            if isinstance(attribute, property) and attribute.fget is not None:
                yield f"{name}.{member}", attribute.fget
            elif inspect.isfunction(function):
                yield f"{name}.{member}", function


def _unimportable(annotation: object) -> Iterator[object]:
    """The parts of ``annotation`` a user could not import from the stdlib, aws_cdk, constructs or sms_estate."""
    if id(annotation) in EXPORTED_IDS or annotation is None or annotation is type(None) or annotation is typing.Any:
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        yield annotation  # not an exported alias: the user would have to copy the choices
        return
    if origin is not None:
        if inspect.isclass(origin):
            yield from _unimportable(origin)
        for argument in typing.get_args(annotation):
            if argument is not Ellipsis and not isinstance(argument, list):
                yield from _unimportable(argument)
        return
    if isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _unimportable(argument)
        return
    module = getattr(annotation, "__module__", "") or ""
    top = module.split(".")[0]
    if inspect.isclass(annotation) and (top in sys.stdlib_module_names or top in THIRD_PARTY):
        return
    yield annotation


def _signatures() -> Iterator[tuple[str, str, object]]:
    for name, value in sorted(PUBLIC.items()):
        for where, function in _callables(name, value):
            hints = typing.get_type_hints(function)
            for parameter, annotation in hints.items():
                yield where, parameter, annotation


SIGNATURES = list(_signatures())


def test_the_walk_sees_the_signatures_it_should() -> None:
    """Guard the walk itself: the constructor and import parameters that prompted the check are seen."""
    seen = {(where, parameter) for where, parameter, _ in SIGNATURES}
    assert ("SmsPool.__init__", "on_delete") in seen
    assert ("SmsRegistration.__init__", "lint_suppressions") in seen
    assert ("SmsRegistration.__init__", "fields") in seen
    assert ("SmsRegistration.from_registration_attributes", "registration_id") in seen
    assert ("SmsPhoneNumber.phone_number_arn", "return") in seen
    assert ("acknowledge", "reason") in seen
    assert ("Suppression.__init__", "reason") in seen


def test_every_annotation_in_a_public_signature_is_importable() -> None:
    problems = [
        f"{where}({parameter}): {annotation!r}"
        for where, parameter, annotation in SIGNATURES
        for annotation in _unimportable(annotation)
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("annotation", "importable"),
    [
        (sms_estate.OnDelete, True),
        (typing.Literal["retain", "destroy", "other"], False),
        (typing.Optional[sms_estate.NumberOnDelete], True),  # noqa: UP045 (the typing spelling is walked too)
        (dict[str, ISmsResource], False),  # sms_estate.interfaces is not exported by that name
        (list[int] | None, True),
    ],
)
def test_the_walk_tells_importable_from_unimportable(annotation: object, importable: bool) -> None:
    assert (list(_unimportable(annotation)) == []) is importable


def test_every_interface_shares_the_resource_base() -> None:
    interfaces = {name: value for name, value in PUBLIC.items() if name.startswith("ISms")}
    assert len(interfaces) >= 7
    for name, interface in interfaces.items():
        assert ISmsResource in interface.__mro__, name
        for member in ("node", "env", "stack"):
            assert member not in vars(interface), f"{name} declares {member} again"


def _constructors_and_imports() -> Iterator[tuple[str, inspect.Signature, int]]:
    """(where, signature, leading positional count) of every construct constructor and ``from_*`` import.

    A construct takes ``(scope, id)`` positionally (plus ``self``), an import ``(scope, id)`` and at most
    the one value its name promises (``from_pool_arn(scope, id, pool_arn)``); everything else is a prop.
    """
    import constructs

    for name, value in PUBLIC.items():
        if not (inspect.isclass(value) and issubclass(value, constructs.Construct)):
            continue
        yield f"{name}.__init__", inspect.signature(value.__init__), 3
        for member, attribute in vars(value).items():
            if member.startswith("from_"):
                # static, as aws-cdk-lib's ``Topic.from_topic_arn``: called on the class, never an instance
                assert isinstance(attribute, staticmethod), f"{name}.{member} is not a staticmethod"
                plain = not member.endswith("_attributes")
                yield f"{name}.{member}", inspect.signature(attribute.__func__), 2 + plain


def test_every_prop_is_keyword_only() -> None:
    """aws-cdk-lib's convention: props are named at the call site, so adding one never shifts another."""
    checked, positional = 0, []
    for where, signature, leading in _constructors_and_imports():
        parameters = list(signature.parameters.values())
        checked += 1
        for parameter in parameters[leading:]:
            if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                positional.append(f"{where}: {parameter.name}")
        if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters[:leading]):
            positional.append(f"{where}: leading {[p.name for p in parameters[:leading]]} must be plain positionals")
    assert checked >= 12, checked  # every public construct and its imports were seen
    assert positional == [], "props that are not keyword-only:\n" + "\n".join(positional)
