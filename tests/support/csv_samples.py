"""Generated registration rows for the bulk tests and benches: invented, lint-clean, ``.example`` domains.

Each row is a different business (its name, domain and samples derive from the index), so the rows
are valid together: no duplicate filing, no shared contact details across brands.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

_FIRST = ("Harbor", "Cedar", "Summit", "Prairie", "Juniper", "Granite", "Willow", "Beacon", "Maple", "Copper")
_SECOND = ("Ridge", "Brook", "Field", "Stone", "Crest", "Haven", "Grove", "Point", "Vale", "Bay")
_KIND = ("Dental", "Veterinary", "Pharmacy", "Plumbing", "Fitness", "Bakery", "Clinic", "Tutoring", "Florist", "Auto")
_GIVEN = ("Maren", "Tobias", "Ines", "Kofi", "Lena", "Ravi", "Sofia", "Emeka", "Yuki", "Dario")
_FAMILY = ("Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Sato", "Reyes", "Brennan", "Adeyemi", "Varga")

BLOG_HEADERS = (
    "Company Name",
    "Website",
    "Address 1",
    "Address 2",
    "City",
    "State / Province",
    "Zip Code / Postal Code",
    "Country Code",
    "Business Type",
    "Tax ID",
    "Tax ID Authority",
    "Tax ID Country",
    "First Name",
    "Last Name",
    "Support Email",
    "Support Phone Number",
    "Monthly Message Volume",
    "Use Case Category",
    "Use Case Details",
    "Opt-In Type",
    "Opt-In Description",
    "Privacy Policy URL",
    "Terms and Conditions URL",
    "Message Sample 1",
    "Message Sample 2",
    "Message Sample 3",
)


def company(index: int) -> str:
    """A distinct invented business name for every index below 1000."""
    first, second, kind = _FIRST[index % 10], _SECOND[index // 10 % 10], _KIND[index // 100 % 10]
    return f"{first}{second.lower()} {kind} {index:03d} LLC"


def row(index: int) -> dict[str, str]:
    """One blog-header row for business ``index``."""
    name = company(index)
    brand = name.removesuffix(" LLC")
    domain = f"www.{brand.lower().replace(' ', '')}.example"
    phone = f"+1206555{index % 10000:04d}"
    return {
        "Company Name": name,
        "Website": f"https://{domain}",
        "Address 1": f"{100 + index} Quayside Avenue",
        "Address 2": "",
        "City": "Portland",
        "State / Province": "OR",
        "Zip Code / Postal Code": "97209",
        "Country Code": "US",
        "Business Type": "PRIVATE_PROFIT",
        "Tax ID": f"12-{3000000 + index:07d}",
        "Tax ID Authority": "EIN",
        "Tax ID Country": "US",
        "First Name": _GIVEN[index % 10],
        "Last Name": _FAMILY[index // 10 % 10],
        "Support Email": f"support@{domain.removeprefix('www.')}",
        "Support Phone Number": phone,
        "Monthly Message Volume": "10,000",
        "Use Case Category": "Notifications",
        "Use Case Details": (
            f"{brand} sends appointment reminders and order updates to customers who asked for them "
            "when creating their account."
        ),
        "Opt-In Type": "DIGITAL_FORM",
        "Opt-In Description": (
            f"Customers opt in on the account settings page at https://{domain}/account/alerts by entering "
            f'their mobile number and ticking an unchecked box labelled "Text me updates from {brand}". The '
            'form states: "You will receive up to 4 messages per month. Message and data rates may apply. '
            'Reply HELP for help, STOP to cancel." Opting in is not required to use our services, and phone '
            "numbers are never shared with third parties."
        ),
        "Privacy Policy URL": f"https://{domain}/privacy",
        "Terms and Conditions URL": f"https://{domain}/sms-terms",
        "Message Sample 1": f"{brand}: your appointment is confirmed for tomorrow at 10:00. Reply STOP to opt out.",
        "Message Sample 2": f"{brand}: your order is ready for pickup. Questions? Call {phone}. Reply STOP to opt out.",
        "Message Sample 3": "",
    }


def rows(count: int, start: int = 0) -> list[dict[str, str]]:
    return [row(index) for index in range(start, start + count)]


def write_csv(path: Path, records: Sequence[dict[str, str]], headers: Sequence[str] = BLOG_HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(headers), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    return path


ENVIRONMENT_HEAD = """environment: {name}
account: "444444444444"
regions: [us-east-1, us-west-2]
"""


def write_environment(directory: Path, name: str) -> Path:
    """A minimal environment file to import into (no registrations yet)."""
    path = directory / f"{name}.yaml"
    path.write_text(ENVIRONMENT_HEAD.format(name=name), encoding="utf-8")
    return path
