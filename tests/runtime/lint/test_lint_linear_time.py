"""Every lint pattern and every lint rule takes time linear in its input (issue 13).

Patterns are enumerated, not listed: every regex of the lint is compiled through
``text.compile_linear`` (a source scan below enforces it), which records it; the lint is run over the
corpus and over adversarial registrations first, so the patterns built lazily (phrase lists, the URL
pattern, one per business name form) exist too. A new pattern is therefore timed without anyone
adding it here. The field definitions' own patterns (the API's, used by the structure rules) are
timed as well. Budget: 0.5 s of CPU per pattern and 100,000-character input (a quadratic pattern
takes seconds to minutes at that size); per lint of a registration whose one adversarial field is
100,000 characters (refused by the length limit) or as long as the limit allows (every rule runs).
"""

from __future__ import annotations

import ast
import dataclasses
import gc
import pathlib
import re
import time
from collections.abc import Callable

import pytest
from support.lint_corpus import load_cases
from support.lint_samples import registration, ten_dlc_brand, ten_dlc_campaign

import sms_runtime.lint
from sms_runtime.lint import data, lint_registration, text
from sms_runtime.lint.model import RegistrationInput
from sms_runtime.registration.definition_snapshots import available_registration_types
from sms_runtime.registration.field_definitions import load_snapshot

BUDGET_SECONDS = 0.5
SIZE = 100_000
LINT_DIR = pathlib.Path(sms_runtime.lint.__file__).parent


def _repeat(unit: str, end: str = "!") -> str:
    return (unit * (SIZE // len(unit) + 1))[: SIZE - len(end)] + end


# Repeated characters with a non-matching end, long URLs, dotted strings, digit runs, "a@a@...",
# whitespace runs, and the shapes each pattern family reads (words, brackets, quotes, phrase words).
ADVERSARIAL: dict[str, str] = {
    "letters": _repeat("a"),
    "capitals": "A" + _repeat("a", ":"),
    "digits": _repeat("1", "x"),
    "digit-groups": "+" + _repeat("1 "),
    "dotted": _repeat("a."),
    "dotted-digits": _repeat("1."),
    "dotted-domains": _repeat("a.com."),
    "hyphens": _repeat("a-"),
    "at-signs": _repeat("a@"),
    "email-tail": "a@" + _repeat("a."),
    "email-hyphens": "a@" + _repeat("a-"),
    "long-url": "https://www.example.com/" + _repeat("a/", " "),
    "long-host": "https://" + _repeat("a.", "com"),
    "many-urls": _repeat("https://a.example/x "),
    "spaces": _repeat(" ", "x"),
    "newlines": _repeat("\n", "x"),
    "words": _repeat("a "),
    "phrase-then-spaces": "act" + _repeat(" ", "x"),
    "phrase-words": _repeat("reply stop partners text "),
    "negated-sentence": "not " + _repeat("partners "),
    "brackets": "[" + _repeat("a"),
    "quotes": '"' + _repeat("a"),
    "punctuation": _repeat("%$"),
}


def _timed(action: Callable[[], object]) -> float:
    """CPU seconds of ``action``: wall time on a shared CI machine would measure the neighbours.

    The garbage collector is held off while it runs: in the whole suite the heap is large (jsii, synthesized
    assemblies), and a full collection triggered by the matches an action allocates would be billed to it.
    """
    gc.disable()
    try:
        started = time.process_time()
        action()
        return time.process_time() - started
    finally:
        gc.enable()


def test_every_regex_in_the_lint_is_compiled_through_compile_linear() -> None:
    """A direct ``re.compile``/``re.search``/... would escape the timing below."""
    functions = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
    direct = []
    for path in sorted(LINT_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {
            line
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == "compile_linear"
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in functions
                and node.lineno not in allowed
            ):
                direct.append(f"{path.relative_to(LINT_DIR)}:{node.lineno}")
    assert not direct, "compile lint patterns with text.compile_linear: " + ", ".join(direct)


def _all_patterns() -> dict[str, re.Pattern[str]]:
    """Every lint pattern after a corpus run and an adversarial run, one per distinct shape."""
    for case in load_cases():
        case.run()
    for sample in ADVERSARIAL.values():
        lint_registration(registration(companyInfo__companyName=sample[:9_000]))
    found: dict[str, re.Pattern[str]] = {}
    for pattern in text.compiled_patterns():
        # Business-name patterns differ only in their literal words; one of each shape is enough.
        shape = re.sub(r"(?<!\\)[A-Za-z0-9]+", "w", pattern.pattern)
        found.setdefault(f"{shape}/{pattern.flags}", pattern)
    for registration_type in available_registration_types():
        for item in load_snapshot(registration_type).fields.values():
            if item.pattern:
                found.setdefault(f"api:{item.pattern}", re.compile(item.pattern))
    return found


def _within_budget(run: Callable[[str], object], sample: str) -> tuple[bool, float]:
    """Whether ``run(sample)`` stays within the budget, and its CPU time.

    Over the budget, the input is cut to a quarter and timed again: a linear pattern then takes about a
    quarter of the time, a quadratic one a sixteenth. A run over the budget still passes if it grew
    linearly and stayed within four budgets: a pattern that yields a match per character (``[\\d@]`` on
    100,000 digits) is linear but, on a loaded 2-core machine, can pass 0.5 s; a quadratic one takes
    minutes at this size, so it still fails.
    """
    elapsed = _timed(lambda: run(sample))
    if elapsed < BUDGET_SECONDS:
        return True, elapsed
    elapsed = min(elapsed, _timed(lambda: run(sample)))  # a second look: the first may have met a busy spell
    quarter = _timed(lambda: run(sample[-(len(sample) // 4) :]))
    return elapsed < 4 * BUDGET_SECONDS and elapsed < 8 * max(quarter, 0.01), elapsed


def test_every_lint_pattern_is_linear_on_100k_adversarial_inputs() -> None:
    patterns = _all_patterns()
    assert len(patterns) > 40  # module patterns, phrase lists, URLs, brand forms, API patterns
    for key, pattern in sorted(patterns.items()):
        for name, sample in ADVERSARIAL.items():
            ok, elapsed = _within_budget(
                lambda text: (list(pattern.finditer(text)), pattern.fullmatch(text)),  # noqa: B023
                sample,
            )
            assert ok, f"{pattern.pattern[:80]!r} took {elapsed:.2f}s on {name} ({key[:40]})"


TEXT_FIELDS = sorted(
    path for path, item in load_snapshot("US_TOLL_FREE_REGISTRATION").fields.items() if item.field_type == "TEXT"
)


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_rule_reads_the_longest_value_it_accepts_within_the_budget(field: str) -> None:
    """Each adversarial input cut to the length limit (the most any rule ever reads) in one field."""
    limit = int(data.load("limits")["field_max_chars"])
    base = registration()
    for name, sample in ADVERSARIAL.items():
        reg = dataclasses.replace(base, fields={**base.fields, field: sample[-limit:]})
        elapsed = _timed(lambda: lint_registration(reg))  # noqa: B023 - called at once
        assert elapsed < BUDGET_SECONDS, f"lint took {elapsed:.2f}s with {field} = {name}"


def _text_fields(registration_type: str) -> list[str]:
    return sorted(p for p, item in load_snapshot(registration_type).fields.items() if item.field_type == "TEXT")


TEN_DLC_FIELDS = [
    *((ten_dlc_campaign, field) for field in _text_fields("US_TEN_DLC_CAMPAIGN_REGISTRATION")),
    *((ten_dlc_brand, field) for field in _text_fields("US_TEN_DLC_BRAND_REGISTRATION")),
]


@pytest.mark.parametrize(("make", "field"), TEN_DLC_FIELDS, ids=[field for _make, field in TEN_DLC_FIELDS])
def test_every_ten_dlc_rule_reads_the_longest_value_it_accepts_within_the_budget(
    make: Callable[[], RegistrationInput], field: str
) -> None:
    """As above for a 10DLC campaign linted with its brand, and for the brand (the cross-registration rules too)."""
    limit = int(data.load("limits")["field_max_chars"])
    brand = ten_dlc_brand()
    base = make()
    for name, sample in ADVERSARIAL.items():
        reg = dataclasses.replace(base, fields={**base.fields, field: sample[-limit:]})
        elapsed = _timed(lambda: lint_registration(reg, brand=brand))  # noqa: B023 - called at once
        assert elapsed < BUDGET_SECONDS, f"lint took {elapsed:.2f}s with {field} = {name}"


def test_a_value_over_the_limit_is_one_clean_error_and_no_other_rule_runs() -> None:
    limit = int(data.load("limits")["field_max_chars"])
    for field in TEXT_FIELDS:
        reg = registration(**{field.replace(".", "__"): ADVERSARIAL["at-signs"]})
        elapsed = _timed(lambda: lint_registration(reg))  # noqa: B023 - called at once
        report = lint_registration(reg)
        assert elapsed < BUDGET_SECONDS
        assert [(f.rule, f.field, f.severity) for f in report.findings] == [("TFN-INPUT-TOO-LONG", field, "error")]
        assert report.findings[0].message == (f"the value has {SIZE:,} characters; the lint reads at most {limit:,}")
    at_limit = registration(messagingUseCase__useCaseDetails=ADVERSARIAL["words"][:limit])
    assert "TFN-INPUT-TOO-LONG" not in {f.rule for f in lint_registration(at_limit).findings}


def test_the_length_error_cannot_be_suppressed() -> None:
    from sms_runtime.lint import Suppression

    reg = registration(messagingUseCase__useCaseDetails=ADVERSARIAL["letters"])
    waiver = Suppression("TFN-INPUT-TOO-LONG", "pasted from the wiki on purpose", "")
    with pytest.raises(ValueError, match="TFN-INPUT-TOO-LONG cannot be suppressed"):
        lint_registration(reg, suppressions=[waiver])
