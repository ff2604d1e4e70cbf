"""Text matching shared by the rules: whole-word phrase lists, negation, URLs and domains.

Why whole words: a substring search reads "Stockton" as a stock alert and "Alphabet" as betting, and
a lint that cries wolf gets suppressed wholesale. Phrases match only between non-word characters,
case-insensitively, and a space in a phrase matches any run of spaces or hyphens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from sms_runtime.lint import data

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[a-z0-9']+")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Patterns used on every registration are compiled here, not looked up in ``re``'s cache, which the
# per-business patterns of a bulk lint would otherwise keep evicting.
_ALNUM_RUN = re.compile(r"[a-z0-9]+")
_TOP_LABEL = re.compile(r"[a-z]{2,63}")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True)
class PhraseList:
    """A compiled list of phrases that match whole words only."""

    phrases: tuple[str, ...]

    @functools.cached_property
    def _regex(self) -> re.Pattern[str]:
        # Phrases with word characters at both ends share one boundary-wrapped group (fast); the
        # few with punctuation at an edge ("% off", "$$$") carry their own boundaries.
        plain, edged = [], []
        for phrase in sorted({p.strip() for p in self.phrases if p.strip()}, key=len, reverse=True):
            body = r"[\s\-]+".join(re.escape(word) for word in phrase.split())
            if re.match(r"[\w$]", phrase) and re.search(r"[\w$]$", phrase):
                plain.append(body)
            else:
                edged.append(_edged(phrase, body))
        parts = [r"(?<![\w$])(?:" + "|".join(plain) + r")(?![\w$])"] if plain else []
        return re.compile("|".join(parts + edged) or r"(?!x)x", re.IGNORECASE)

    def find(self, text: str) -> list[re.Match[str]]:
        return list(self._regex.finditer(text))

    def first(self, text: str) -> str | None:
        """The first phrase found in ``text`` as written there, or None."""
        match = self._regex.search(text)
        return match.group(0) if match else None

    def found(self, text: str) -> bool:
        return self._regex.search(text) is not None

    def affirmed(self, text: str) -> list[str]:
        """Matches that are not negated earlier in their sentence ("will not be shared with partners")."""
        hits = []
        for sentence in sentences(text):
            for match in self.find(sentence):
                if not is_negated(sentence, match.start()):
                    hits.append(match.group(0))
        return hits


def _edged(phrase: str, body: str) -> str:
    start = r"(?<![\w$])" if re.match(r"[\w$]", phrase) else ""
    end = r"(?![\w$])" if re.search(r"[\w$]$", phrase) else ""
    return f"(?:{start}{body}{end})"


@functools.cache
def phrases(name: str, key: str) -> PhraseList:
    """The phrase list ``key`` of ``data/<name>.json``, compiled once."""
    return PhraseList(data.words(name, key))


@functools.cache
def phrase_list(words: tuple[str, ...]) -> PhraseList:
    """A phrase list built from nested data (e.g. one use-case family), compiled once."""
    return PhraseList(words)


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


@functools.cache
def _negators() -> frozenset[str]:
    return frozenset(data.words("phrases", "negators"))


def is_negated(sentence: str, position: int) -> bool:
    """True when a negator word ("not", "never", "won't", ...) comes before ``position`` in the sentence."""
    before = sentence[:position].lower().replace("\u2019", "'")
    negators = _negators()
    return any(word in negators or word.endswith("n't") for word in _WORD.findall(before))


def without_links(text: str) -> str:
    """``text`` with links and email addresses blanked: a domain in a URL does not name a brand."""
    text = _EMAIL.sub(" ", text)
    for url in find_urls(text):
        text = text.replace(url.text, " ")
    return text


def normalized_words(text: str) -> str:
    """Lower-case words joined by single spaces, padded so ``" word "`` tests whole words."""
    return " " + " ".join(_ALNUM_RUN.findall(text.lower().replace("&", " and "))) + " "


# URLs -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _url_regex() -> re.Pattern[str]:
    tlds = "|".join(sorted({re.escape(t) for t in data.words("domains", "tlds")}, key=len, reverse=True))
    host = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:" + tlds + r")"
    return re.compile(
        r"(?<![@\w.\-/])(?P<url>(?P<scheme>[a-z][a-z0-9+.\-]*://)?(?P<host>" + host + r")(?::\d{1,5})?"
        r"(?P<path>/[^\s<>\"')\]]*)?)(?![\w\-@])",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class FoundUrl:
    """A link found in free text: as written, its scheme (may be empty) and its host."""

    text: str
    scheme: str
    host: str
    path: str


@functools.lru_cache(maxsize=8192)
def find_urls(text: str) -> tuple[FoundUrl, ...]:
    """Links in message text, with or without a scheme ("example.com/x" counts: phones link it).

    Cached: several rules read the links of the same field, and a bulk lint has thousands of fields.
    """
    found = []
    for match in _url_regex().finditer(text):
        url = match.group("url").rstrip(".,;:!?")
        scheme = (match.group("scheme") or "").lower().removesuffix("://")
        found.append(FoundUrl(url, scheme, match.group("host").lower(), match.group("path") or ""))
    return tuple(found)


@dataclass(frozen=True)
class ParsedUrl:
    """A URL field value taken apart; ``problem`` is empty when it is a well-formed absolute URL."""

    scheme: str
    host: str
    path: str
    problem: str


@functools.lru_cache(maxsize=8192)
def parse_url_field(value: str) -> ParsedUrl:
    """Parse a website or policy URL field strictly: absolute, a real host name, no spaces."""
    stripped = value.strip()
    if not stripped:
        return ParsedUrl("", "", "", "is empty")
    if any(ch.isspace() for ch in stripped):
        return ParsedUrl("", "", "", "contains spaces")
    candidate = stripped if "://" in stripped else "//" + stripped
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ParsedUrl("", "", "", "cannot be parsed as a URL")
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return ParsedUrl(scheme, host, parts.path, f"uses the {scheme}: scheme, not a web address")
    if not _is_host_name(host):
        return ParsedUrl(scheme, host, parts.path, "has no valid host name (like www.example.com)")
    return ParsedUrl(scheme, host, parts.path, "")


def _is_host_name(host: str) -> bool:
    labels = host.split(".")
    if len(labels) < 2 or not _TOP_LABEL.fullmatch(labels[-1]):
        return False
    return all(_HOST_LABEL.fullmatch(label) for label in labels)


def host_in(host: str, domains: Iterable[str]) -> str | None:
    """The listed domain ``host`` equals or is a subdomain of, or None."""
    host = host.lower().rstrip(".")
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def registrable_domain(host: str) -> str:
    """Best-effort registrable domain: the last two labels, three for ``co.uk``-style names."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def iter_words(text: str) -> Iterator[str]:
    yield from _WORD.findall(text.lower())
