"""Work experience and education entries, anchored on their dates.

An entry is the date line, the short header lines around it (company, role, location, institution,
degree) and the lines after it up to the next entry's header (its description).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from platform_core.documents import EducationItem, WorkExperienceItem

from .contact import EMAIL
from .dates import RANGE, SINGLE, Span, find_range, strip_dates

BULLET = re.compile(r"^\s*(?:[•●○◦▪■□◆◇►▸‣⁃∙·*➢✓✔→>]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s*")
_SPLIT = re.compile(r"\s+(?:\||—|–|-|@|at|·|•)\s+|\s*\|\s*|\t")


def _words(text: str) -> list[str]:
    return text.split()


_ROLE_WORDS = frozenset(
    _words(
        """engineer developer manager analyst designer nurse assistant intern internship coordinator
    specialist consultant technician director lead officer associate representative administrator
    teacher accountant clerk advisor adviser architect scientist researcher supervisor head vp
    president ceo cto cfo coo founder co-founder owner programmer editor writer tutor instructor
    professor lecturer counselor counsellor therapist worker operator driver mechanic electrician
    plumber carpenter welder chef cook server cashier barista attendant agent receptionist secretary
    bookkeeper auditor controller planner strategist marketer recruiter generalist principal fellow
    volunteer trainee apprentice aide caregiver pharmacist physician doctor surgeon paramedic
    dentist hygienist psw rn executive producer photographer artist illustrator animator translator
    interpreter librarian paralegal lawyer attorney solicitor inspector estimator surveyor drafter
    machinist installer custodian janitor guard host bartender dispatcher courier labourer laborer
    picker packer handler tester steward specialist ii iii sr jr senior junior staff member
    support sales marketing product"""
    )
)
_COMPANY_WORDS = frozenset(
    _words(
        """inc inc. ltd ltd. llc llp corp corp. corporation company co co. group bank hospital clinic
    health healthcare university college school agency foundation services solutions technologies
    technology labs lab systems consulting partners studio studios media network institute council
    ministry department government county association society centre center gmbh ag sa plc pty
    limited enterprises industries holdings international global capital ventures software digital
    store stores restaurant cafe café hotel airlines motors pharma pharmaceuticals insurance
    financial realty logistics construction manufacturing communications energy electric foods
    markets retail nonprofit charity trust library museum ymca bakery shop pharmacy academy board
    authority commission office firm collective coop co-op cooperative works"""
    )
)
INSTITUTION_WORDS = re.compile(
    r"\b(?:university|universit[éey]|universidad|universidade|college|institute|institut|school|"
    r"academy|polytechnic|polytechnique|conservatory|c[ée]gep|seminary|lyc[ée]e|gymnasium|"
    r"hochschule|escuela|faculty|campus)\b",
    re.IGNORECASE,
)
DEGREE = re.compile(
    r"\b(?:bachelor(?:'s)?|master(?:'s)?|doctor(?:ate)?|ph\.?\s?d|mba|m\.?b\.?a|b\.?\s?sc|m\.?\s?sc|"
    r"b\.?a\.?|m\.?a\.?|b\.?s\.?|m\.?s\.?|b\.?eng|m\.?eng|b\.?com|b\.?ed|m\.?ed|b\.?f\.?a|m\.?f\.?a|"
    r"ll\.?b|ll\.?m|j\.?d|m\.?d|associate(?:'s)? degree|associate of|diploma|certificate|"
    r"high school|ged|a\.?a\.?s?|honours|honors|btech|b\.?tech|m\.?tech|hnd|bba|dds|pharmd|"
    r"licence|licenciatura|postgraduate)(?![\w])",
    re.IGNORECASE,
)
_DEGREE_OF = re.compile(
    r"^(?P<degree>.*?(?:bachelor|master|doctor|associate|diploma|certificate)[^,]*?"
    r"(?:of|in)\s+(?:arts|science|sciences|engineering|applied science|business administration|"
    r"education|fine arts|laws|commerce|technology|nursing|philosophy|music|social work|"
    r"architecture|public health|information|health)?)(?:(?:\s*(?:,|in\b|-|–|:)\s*|\s+(?=[A-Z]))"
    r"(?P<field>.+))?$",
    re.IGNORECASE,
)
_LOCATION_PART = re.compile(
    r"^(?:remote|hybrid|on-?site|(?:[A-ZÀ-Þ][\w.'’\-]*\s?){1,3},\s*(?:[A-Z]{2}|[A-ZÀ-Þ][\w.'’\-]+"
    r"(?:\s[A-ZÀ-Þ][\w.'’\-]+)?)(?:,\s*[A-ZÀ-Þ][\w.'’\-]+(?:\s[A-ZÀ-Þ][\w.'’\-]+)?)?)$",
    re.IGNORECASE,
)


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


def unbullet(line: str) -> str:
    return BULLET.sub("", line).strip()


_ABBREV = {"inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "llc.", "bros.", "dept.", "plc.", "st."}


def _short(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 9
        and not is_bullet(line)
        # "Acme Inc." is a header; "Led the team through the migration." is a sentence.
        and not (
            line.rstrip().endswith(".") and len(words) > 4 and words[-1].lower() not in _ABBREV
        )
        and not line.rstrip().endswith(";")
        and not line[:1].islower()
        and not EMAIL.search(line)
    )


def _is_location(fragment: str) -> bool:
    return bool(_LOCATION_PART.match(fragment.strip())) and not _kind_by_words(fragment)


def _kind_by_words(fragment: str) -> str:
    """ "company" or "role" by the fragment's words (its last word first), "" when unsure."""
    words = [word.strip("(),.").lower() for word in fragment.split()]
    words = [word for word in words if word]
    if not words:
        return ""
    if words[-1] in _COMPANY_WORDS or INSTITUTION_WORDS.search(fragment):
        return "company"
    if words[-1] in _ROLE_WORDS:
        return "role"
    if any(word in _ROLE_WORDS for word in words):
        return "role"
    if any(word in _COMPANY_WORDS for word in words):
        return "company"
    return ""


def fragments(line: str) -> list[str]:
    """A header line cut at separators ("Role | Company", "Company — City, ST")."""
    parts = [part.strip(" ,") for part in _SPLIT.split(line)]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        # "Acme Corp, Toronto, ON": the tail after the first comma is a location.
        head, comma, tail = part.partition(",")
        if comma and _is_location(tail.strip()) and not _is_location(part):
            out += [head.strip(), tail.strip()]
        elif comma and _kind_by_words(head) == "role" and _kind_by_words(tail) != "role":
            # "Financial Analyst, Kestrel Energy"
            out += fragments(head) + fragments(tail)
        else:
            out.append(part)
    return out


@dataclass
class _Entry:
    header: list[str] = field(default_factory=list)
    span: Span | None = None
    description: list[str] = field(default_factory=list)


def _anchor(line: str) -> Span | None:
    """The dates of an entry: a range, or a lone date on a short line."""
    if RANGE.search(line):
        return find_range(line)
    if SINGLE.search(line) and _short(line) and len(strip_dates(line).split()) <= 6:
        return find_range(line)
    return None


def _group(lines: list[str], needed: int) -> list[_Entry]:
    """Entries of a section: each date line with up to `needed` header lines around it."""
    anchors = [index for index, line in enumerate(lines) if _anchor(line)]
    if not anchors:
        return []
    # How many header lines come before the date in this section's style (the first entry's).
    before = 0
    while before < 3 and anchors[0] - before - 1 >= 0 and _short(lines[anchors[0] - before - 1]):
        before += 1
    entries: list[_Entry] = []
    bounds: list[tuple[int, int]] = []
    for position, index in enumerate(anchors):
        start = index
        previous_end = bounds[-1][1] if bounds else 0
        while index - start < before and start - 1 >= previous_end and _short(lines[start - 1]):
            start -= 1
        entry = _Entry(span=_anchor(lines[index]))
        entry.header = [lines[i] for i in range(start, index)]
        rest = strip_dates(lines[index])
        if rest:
            entry.header.append(rest)
        stop = index + 1
        following = anchors[position + 1] if position + 1 < len(anchors) else len(lines)
        have = sum(1 for line in entry.header for part in fragments(line) if not _is_location(part))
        while (
            stop < following
            and _short(lines[stop])
            and (have < needed or _is_location(lines[stop]))
        ):
            entry.header.append(lines[stop])
            have += 0 if _is_location(lines[stop]) else len(fragments(lines[stop]))
            stop += 1
        bounds.append((start, stop))
        entries.append(entry)
    # Descriptions: from an entry's header end to the next entry's header start.
    for position, entry in enumerate(entries):
        end = bounds[position + 1][0] if position + 1 < len(bounds) else len(lines)
        entry.description = [unbullet(line) for line in lines[bounds[position][1] : end]]
    return entries


def work_experience(lines: list[str]) -> list[WorkExperienceItem]:
    """Work experience entries of an experience section."""
    entries = _group(lines, needed=2)
    classified = [_classify(entry) for entry in entries]
    role_first = _role_first(classified)
    items: list[WorkExperienceItem] = []
    for entry, parts in zip(entries, classified, strict=True):
        company = next((part for kind, part in parts if kind == "company"), "")
        role = next((part for kind, part in parts if kind == "role"), "")
        location = next((part for kind, part in parts if kind == "location"), "")
        unknown = [part for kind, part in parts if kind == ""]
        if not company and not role and len(unknown) >= 2:
            role, company = (unknown[0], unknown[1]) if role_first else (unknown[1], unknown[0])
        elif not company and unknown:
            company = unknown[0]
        elif not role and unknown:
            role = unknown[0]
        if not company:
            # A line that is not known to be an employer is not reported as one.
            continue
        span = entry.span
        items.append(
            WorkExperienceItem(
                company=company[:200],
                role=role[:200],
                start_date=span.start if span else None,
                end_date=None if span is None or span.current else span.end,
                current=bool(span and span.current),
                description="\n".join(line for line in entry.description if line)[:5000],
                location=location[:200],
            )
        )
    return items


def _classify(entry: _Entry) -> list[tuple[str, str]]:
    """The header's fragments in order, each tagged "company", "role", "location" or ""."""
    tagged: list[tuple[str, str]] = []
    for line in entry.header:
        for part in fragments(line):
            kind = _kind_by_words(part)
            if not kind and _is_location(part):
                kind = "location"
            tagged.append((kind, part))
    return tagged


def _role_first(classified: list[list[tuple[str, str]]]) -> bool:
    """Whether this resume writes the role before the company, decided where both are known
    (role first when nothing tells)."""
    votes = 0
    for parts in classified:
        kinds = [kind for kind, _ in parts]
        if "company" in kinds and "role" in kinds:
            votes += 1 if kinds.index("role") < kinds.index("company") else -1
    return votes >= 0


def education(lines: list[str]) -> list[EducationItem]:
    """Education entries: one per institution (or per degree when no institution is named)."""
    blocks: list[dict[str, str | Span | None]] = []
    current: dict[str, str | Span | None] = {}

    def close() -> None:
        if current.get("institution") or current.get("degree"):
            blocks.append(dict(current))
        current.clear()

    for raw in _join_wrapped(lines):
        line = unbullet(raw)
        span = find_range(line) if (RANGE.search(line) or SINGLE.search(line)) else None
        text = strip_dates(line) if span else line
        for part in fragments(text) if text else []:
            if re.match(r"^\(?(?:c?gpa|grade|average|honou?rs?\b)", part, re.IGNORECASE):
                continue
            if INSTITUTION_WORDS.search(part) and not DEGREE.match(part):
                if current.get("institution"):
                    close()
                current["institution"] = _institution(part)
            elif DEGREE.search(part) and len(part.split()) <= 14:
                if current.get("degree"):
                    close()
                degree, field_of_study = split_degree(part)
                current["degree"], current["field"] = degree, field_of_study
            elif (
                current.get("degree")
                and not current.get("field")
                and _short(part)
                and not _is_location(part)
                and len(part.split()) <= 5
            ):
                current["field"] = part
        if span and not current.get("span"):
            current["span"] = span
    close()
    items: list[EducationItem] = []
    for block in blocks:
        found = block.get("span")
        span = found if isinstance(found, Span) else None
        items.append(
            EducationItem(
                institution=str(block.get("institution") or "")[:200],
                degree=str(block.get("degree") or "")[:200],
                field_of_study=str(block.get("field") or "")[:200],
                start_date=span.start if span else None,
                end_date=span.end if span else None,
            )
        )
    return items


def _join_wrapped(lines: list[str]) -> list[str]:
    """Undo the wrapping of a narrow column: "Toronto Metropolitan" + "University", "Bachelor of
    Design, Visual" + "Communication"."""
    out: list[str] = []
    for line in lines:
        words = line.split()
        plain = not SINGLE.search(line) and not is_bullet(line) and not _is_location(line)
        if out and plain and len(words) <= 3 and not DEGREE.search(line):
            previous = out[-1]
            previous_plain = not SINGLE.search(previous) and not is_bullet(previous)
            institution_tail = INSTITUTION_WORDS.match(line) and not INSTITUTION_WORDS.search(
                previous
            )
            degree_tail = DEGREE.search(previous) and not INSTITUTION_WORDS.search(line)
            if previous_plain and (institution_tail and not DEGREE.search(previous) or degree_tail):
                out[-1] = f"{previous} {line}"
                continue
        out.append(line)
    return out


def _institution(part: str) -> str:
    # "University of Toronto, Toronto, ON" -> the institution; keep "University of California, Berkeley".
    head, comma, tail = part.partition(",")
    if comma and _is_location(tail.strip()):
        return head.strip()
    return part.strip()


def split_degree(text: str) -> tuple[str, str]:
    """("Bachelor of Science", "Computer Science") from "Bachelor of Science in Computer Science"."""
    text = re.sub(r"\s*\(?\b(?:gpa|cgpa)\b.*$", "", text, flags=re.IGNORECASE).strip(" ,-–")
    match = _DEGREE_OF.match(text)
    if match and match.group("field"):
        return match.group("degree").strip(" ,"), match.group("field").strip(" ,")
    short = re.match(
        r"^(?P<degree>(?:b|m|ph)\.?\s?(?:sc|a|s|eng|com|ed|fa|tech|d)\.?|mba|bba|ll\.?[bm]|diploma|"
        r"certificate|associate(?:'s)? degree)(?![a-z])\s*(?:,|in\b|-|–|:)?\s*(?P<field>.*)$",
        text,
        re.IGNORECASE,
    )
    if short and short.group("field"):
        return short.group("degree").strip(" ,"), short.group("field").strip(" ,")
    return text, ""
