"""Personal info: name, email, phone, location, LinkedIn / GitHub / portfolio URLs."""

from __future__ import annotations

import re

from platform_core.documents import PersonalInfo

from .dates import RANGE
from .sections import heading_kind
from .skills import matcher

EMAIL = re.compile(
    # Bounded repeats: a long run of "a.a.a." must not make the search quadratic.
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}"
    r"\.[A-Za-z]{2,24}"
)
# A run of digits with phone punctuation on one line; validated by `_is_phone`.
_PHONE = re.compile(
    r"(?<![\w/.])(?:\+|00)?\(?\d[\d \-.()]{6,}\d(?![\w/])(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
)
_PHONE_LABEL = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|mob|ph)\b\.?\s*:?", re.IGNORECASE)
LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[\w\-%.]+/?", re.IGNORECASE
)
GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[\w\-.]+/?", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s,;|()<>]+"
    r"|(?<![@\w.-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,3}\.(?:com|net|org|io|dev|me|ca|co|uk|design|art|"
    r"site|app|xyz|info|page|tech|studio|portfolio|online|website)(?:/[^\s,;|()<>]*)?(?![\w@])",
    re.IGNORECASE,
)
_NOT_PORTFOLIO = ("linkedin.com", "github.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Þ][A-Za-zÀ-ÿ'’\-]*\.?|[A-Z]\.)$")
_PARTICLES = {
    "de",
    "van",
    "von",
    "da",
    "del",
    "della",
    "la",
    "le",
    "du",
    "bin",
    "al",
    "di",
    "dos",
    "der",
    "ter",
}
# Words that make a top line a title, not a name.
_NOT_NAME = {
    "resume", "résumé", "curriculum", "vitae", "cv", "engineer", "developer", "manager", "designer",
    "analyst", "nurse", "consultant", "specialist", "assistant", "director", "teacher", "scientist",
    "coordinator", "technician", "officer", "accountant", "senior", "junior", "lead", "intern",
    "page", "street", "avenue", "road", "suite", "university", "college", "inc", "ltd", "llc",
    "remote", "email", "phone", "contact", "portfolio", "linkedin", "github", "website", "the",
    "and", "of", "for", "with", "professional", "software", "web", "data", "full", "stack",
}  # fmt: skip
_LOCATION = re.compile(
    r"^(?:[A-ZÀ-Þ][\w.'’\-]*(?: [A-ZÀ-Þ][\w.'’\-]*){0,3}),\s*(?:[A-Z]{2}|[A-ZÀ-Þ][\w.'’\-]*(?: [A-ZÀ-Þ][\w.'’\-]*){0,2})"
    r"(?:,\s*[A-ZÀ-Þ][\w.'’\-]*(?: [A-ZÀ-Þ][\w.'’\-]*){0,2})?(?: [A-Z]\d[A-Z] ?\d[A-Z]\d| \d{5})?$"
)
# Regions a "City, Region" line standing alone may end with (a contact line needs none): two-letter
# codes (provinces, states, countries) pass by shape; these are the names.
_REGION_NAMES = (
    "Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|Nova Scotia|"
    "Ontario|Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon|Nunavut|Northwest Territories|"
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|England|Scotland|Wales|Northern Ireland|"
    "Canada|USA|United States|United States of America|United Kingdom|Ireland|Australia|"
    "New Zealand|India|Pakistan|Bangladesh|Sri Lanka|Nepal|China|Japan|Korea|South Korea|"
    "Singapore|Malaysia|Indonesia|Philippines|Vietnam|Thailand|Germany|France|Spain|Portugal|"
    "Italy|Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|Denmark|Finland|Poland|"
    "Czechia|Czech Republic|Greece|Turkey|Israel|Egypt|Morocco|Nigeria|Ghana|Kenya|"
    "South Africa|Ethiopia|Brazil|Argentina|Chile|Colombia|Peru|Mexico|Jamaica|"
    "United Arab Emirates|UAE|Saudi Arabia|Qatar|Ukraine|Romania|Hungary"
)
_REGIONS = frozenset(name.lower() for name in _REGION_NAMES.split("|"))
_POSTCODE = re.compile(r" (?:[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{5})$")
_SEPARATORS = re.compile(r"\s*(?:\||•|·|●|▪|◦|\u2022|—|–| - |;|/ )\s*")


def personal_info(header: list[str], text: str, prominent: list[str]) -> PersonalInfo:
    """Personal info from the header lines (name, contact), falling back on the whole text
    (except for the location, which only the header gives)."""
    info = PersonalInfo()
    emails = EMAIL.findall(text)
    info.email = emails[0].rstrip(".").lower() if emails else ""
    info.phone = find_phone(header) or find_phone(text.splitlines())
    if match := LINKEDIN.search(text):
        info.linkedin_url = _absolute(match.group(0))
    if match := GITHUB.search(text):
        info.github_url = _absolute(match.group(0))
    info.portfolio_url = _portfolio(header) or _portfolio(text.splitlines()[:60])
    name = find_name(prominent, header, text, info.email)
    if name:
        tokens = name.split()
        info.full_name = name
        info.first_name = tokens[0]
        info.last_name = " ".join(tokens[1:])
    # Only the header and contact lines: a "Python, SQL" under a Skills heading, or "Acme Inc.,
    # Toronto" under Experience, is not where the candidate lives.
    info.location = find_location(header)
    return info


def find_phone(lines: list[str]) -> str:
    """The first phone number: 10-15 digits (9+ with a country code), not a date range, GPA,
    year list or postcode; a labelled one ("Phone: ...") wins."""
    found: list[tuple[int, str]] = []
    for line in lines:
        if EMAIL.search(line) and not _PHONE.search(EMAIL.sub(" ", line)):
            continue
        cleaned = RANGE.sub(" ", EMAIL.sub(" ", line))
        for match in _PHONE.finditer(cleaned):
            candidate = match.group(0).strip(" .-")
            if _is_phone(candidate):
                labelled = bool(_PHONE_LABEL.search(cleaned[: match.start()]))
                found.append((0 if labelled else 1, candidate))
    found.sort(key=lambda item: item[0])
    return found[0][1] if found else ""


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", re.split(r"\s*(?:x|ext)", candidate)[0])
    if not 9 <= len(digits) <= 15:
        return False
    if len(digits) < 10 and not candidate.startswith(("+", "00")):
        return False
    groups = re.findall(r"\d+", candidate)
    # "2019 2020 2021", "1998-2004": years in a row are not a phone.
    if all(len(group) == 4 and group[:2] in ("19", "20") for group in groups):
        return False
    # A decimal ("3.85") or a long unbroken run with dots is a number, not a phone.
    return not re.search(r"\d\.\d{1,2}(?!\d)", candidate) or len(groups) >= 3


def find_name(prominent: list[str], header: list[str], text: str, email: str) -> str:
    """The name: the largest type on page one if it reads as a name, else the first name-like
    line near the top (a name matching the email's local part is preferred)."""
    candidates: list[str] = []
    top = [*header[:12], *text.splitlines()[:25]]
    # A name set on two lines ("Jane" / "Doe"), as sidebars do.
    prominent = _join_split_name(prominent)
    for line in [*prominent, *_join_split_name(top[:12]), *top]:
        for part in _SEPARATORS.split(line):
            name = _as_name(part)
            if name and name not in candidates:
                candidates.append(name)
    if not candidates:
        return ""
    local = re.sub(r"[^a-z]", " ", email.split("@")[0].lower()) if email else ""
    for name in candidates[:6]:
        tokens = [token.lower() for token in name.split()]
        if local and sum(token.strip(".") in local for token in tokens if len(token) > 1) >= 2:
            return name
    prominent_names = [name for name in (_as_name(line) for line in prominent) if name]
    return prominent_names[0] if prominent_names else candidates[0]


def _join_split_name(lines: list[str]) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            len(line.split()) == 1
            and len(following.split()) == 1
            and _as_name(f"{line} {following}")
        ):
            out.append(f"{line} {following}")
    return out + lines


def _as_name(line: str) -> str:
    line = line.strip().strip(",")
    if not line or any(char.isdigit() for char in line) or "@" in line or heading_kind(line):
        return ""
    tokens = line.split()
    if not 2 <= len(tokens) <= 4:
        return ""
    out: list[str] = []
    for token in tokens:
        if token.lower() in _PARTICLES and out:
            out.append(token.lower())
            continue
        if token.lower().strip(".,") in _NOT_NAME:
            return ""
        if token.isupper() and len(token) > 2:
            token = "-".join(part.capitalize() for part in token.split("-"))
        if not _NAME_TOKEN.match(token):
            return ""
        out.append(token)
    return " ".join(out)


def find_location(lines: list[str]) -> str:
    """A "City, Region" (or "City, Region, Country") among header lines: a part of a contact
    line (one with an email, phone or URL, or labelled "Location:"), or a line of its own whose
    region is a two-letter code or a known province, state or country. Never a list of known
    skills ("Python, SQL") nor a title ("Records Clerk, Winnipeg")."""
    for line in lines:
        label = re.match(r"^\s*(?:location|address|based in)\s*:\s*", line, re.IGNORECASE)
        if label:
            line = line[label.end() :]
        contact_line = bool(label or EMAIL.search(line) or _URL.search(line) or find_phone([line]))
        # Contact details glued by spaces ("jane@x.com 416-555-0199 Toronto, ON") are cut out.
        line = _PHONE.sub(" | ", _URL.sub(" | ", EMAIL.sub(" | ", line)))
        for part in _SEPARATORS.split(line):
            part = part.strip().strip(",.")
            if RANGE.search(part) or not _LOCATION.match(part):
                continue
            if could_be_location(part) and (contact_line or _known_region(part)):
                return part
    return ""


def _known_region(part: str) -> bool:
    region = _POSTCODE.sub("", part).rsplit(",", 1)[-1].strip()
    return bool(re.fullmatch(r"[A-Z]{2}", region)) or region.lower() in _REGIONS


def could_be_location(part: str) -> bool:
    """`part` is neither a title ("Records Clerk, Winnipeg") nor a list of known skills
    ("Python, SQL")."""
    if any(word.lower() in _NOT_NAME for word in re.split(r"[\s,]+", part)):
        return False
    return not _all_skills(part)


def _all_skills(part: str) -> bool:
    """Every comma-separated piece of `part` is exactly a vocabulary skill."""
    skills = matcher()
    for piece in part.split(","):
        piece = piece.strip()
        spans = skills.spans(piece, in_skills_section=True)
        if not (len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(piece)):
            return False
    return True


def _portfolio(lines: list[str]) -> str:
    for line in lines:
        for match in _URL.finditer(EMAIL.sub(" ", line)):
            url = match.group(0).rstrip(".")
            if not any(host in url.lower() for host in _NOT_PORTFOLIO):
                return _absolute(url)
    return ""


def _absolute(url: str) -> str:
    url = url.rstrip("/.")
    return url if re.match(r"https?://", url, re.IGNORECASE) else f"https://{url}"
