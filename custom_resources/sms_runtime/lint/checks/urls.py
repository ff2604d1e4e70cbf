"""URL rules: https only, no public shorteners, well-formed website and policy URLs, public pages.

Links are looked for in the URL fields and in free text (samples, opt-in description, use case
details), with or without a scheme, because a phone turns "example.com/x" into a link too. Hosts
are compared as names only: the lint makes no network calls, so reserved names such as
``brightpath.example`` pass as long as they are well-formed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.contact import SAME_FIELDS
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import find_urls, host_in, parse_url_field

FREE_TEXT_FIELDS = (paths.OPT_IN_DESCRIPTION, paths.USE_CASE_DETAILS)


def _free_text(ctx: LintContext) -> list[tuple[str, str]]:
    return [(p, ctx.text(p)) for p in FREE_TEXT_FIELDS if ctx.has(p)] + ctx.samples


def _links(ctx: LintContext) -> Iterator[tuple[str, str, str, str, str]]:
    """Every link as (field, written, scheme, host, path): URL fields first, then free text."""
    for field in paths.URL_FIELDS:
        if ctx.has(field):
            parsed = parse_url_field(ctx.text(field))
            if not parsed.problem:
                yield field, ctx.text(field).strip(), parsed.scheme, parsed.host, parsed.path
    for field, text in _free_text(ctx):
        for url in find_urls(text):
            yield field, url.text, url.scheme, url.host, url.path


@rule(
    "TFN-URL-INSECURE",
    "error",
    "A link is http:// or has no scheme; carriers accept only https:// links.",
    [r.SINCH_INSECURE_URL, r.TWILIO_INSECURE_URL],
    "Write every link in full with https:// (sunshinecafe.example -> https://www.sunshinecafe.example).",
)
def insecure(ctx: LintContext) -> Iterable[Hit]:
    for field, written, scheme, _host, _path in _links(ctx):
        if scheme != "https":
            shown = f"{scheme}://" if scheme else "no scheme"
            yield Hit(field, f"a link uses {shown}; only https:// links are accepted", detail=written)


@rule(
    "TFN-URL-SHORTENER",
    "error",
    "A link uses a public URL shortener, which carriers treat as high risk.",
    [r.SINCH_URL_SHORTENER, r.TWILIO_URL_SHORTENER],
    "Use the full link on your own domain, or a branded shortener on a domain you own.",
    types=SAME_FIELDS,
)
def shortener(ctx: LintContext) -> Iterable[Hit]:
    shorteners = data.words("domains", "url_shorteners")
    for field, written, _scheme, host, _path in _links(ctx):
        found = host_in(host, shorteners)
        if found:
            yield Hit(field, f"a link uses the public shortener {found}", detail=written)


@rule(
    "TFN-URL-MALFORMED",
    "error",
    "The website, privacy policy or terms URL is not a well-formed web address.",
    [r.AWS_URL, r.AWS_COMPANY_INFO, r.SINCH_WEBSITE_URL, r.SINCH_POLICY_URLS, r.TWILIO_URL],
    "Give the full public address, e.g. https://www.yourbusiness.example/privacy.",
    types=SAME_FIELDS,
)
def malformed(ctx: LintContext) -> Iterable[Hit]:
    for field in paths.URL_FIELDS:
        if ctx.has(field):
            problem = parse_url_field(ctx.text(field)).problem
            if problem:
                yield Hit(field, f"the URL {problem}", detail=ctx.text(field))


@rule(
    "TFN-URL-SOCIAL-WEBSITE",
    "warning",
    "The company website is a social-media profile; reviewers want an established business website.",
    [r.SINCH_SOCIAL_PLATFORM, r.AWS_COMPANY_INFO],
    "Give the business's own website; if only a social profile exists, make sure it is established and public.",
)
def social_website(ctx: LintContext) -> Iterable[Hit]:
    parsed = parse_url_field(ctx.text(paths.WEBSITE))
    found = host_in(parsed.host, data.words("domains", "social_platforms")) if not parsed.problem else None
    if found:
        yield Hit(paths.WEBSITE, f"the website is on {found}, a social platform")


@rule(
    "TFN-URL-LOGIN",
    "warning",
    "A website, policy or opt-in link points at a login page, which reviewers cannot open.",
    [r.SINCH_WEBSITE_LOGIN, r.AWS_URL, r.TWILIO_NO_OPT_IN],
    "Link a public page; put screenshots of pages behind a login in the opt-in image instead.",
)
def login(ctx: LintContext) -> Iterable[Hit]:
    markers = data.words("domains", "login_path_markers")
    for field, written, _scheme, _host, path in _links(ctx):
        padded = "/" + path.lower().strip("/") + "/"
        if any(f"/{marker}/" in padded for marker in markers):
            yield Hit(field, "a link looks like a login page", detail=written)


@rule(
    "TFN-OPTIN-PRIVATE-LINK",
    "warning",
    "An opt-in or policy link is on a file-sharing host; such links are often private or expire.",
    [r.TWILIO_NO_OPT_IN],
    "Publish the opt-in page or screenshot on your own website, or attach it as the opt-in image.",
)
def private_link(ctx: LintContext) -> Iterable[Hit]:
    hosts = data.words("domains", "private_file_hosts")
    for field, written, _scheme, host, _path in _links(ctx):
        found = host_in(host, hosts)
        if found and not field.startswith(paths.SAMPLE_SECTION):
            yield Hit(field, f"a link is on {found}, which is private or expires by default", detail=written)
