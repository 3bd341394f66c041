"""Projects, certifications, languages and achievements, with contract §7's record keys."""

from __future__ import annotations

import re

from platform_core.documents import AchievementItem, CertificationItem, LanguageItem, ProjectItem

from .contact import _URL, _absolute
from .dates import find_range, strip_dates
from .entries import is_bullet, unbullet


def _words(text: str) -> list[str]:
    return text.split()


_LANGUAGES = frozenset(
    _words(
        """english french spanish portuguese german italian dutch swedish norwegian danish finnish
    icelandic polish czech slovak hungarian romanian bulgarian greek turkish russian ukrainian
    serbian croatian bosnian slovenian albanian macedonian lithuanian latvian estonian arabic hebrew
    persian farsi dari pashto urdu hindi bengali bangla punjabi gujarati marathi tamil telugu kannada
    malayalam sinhala nepali mandarin cantonese chinese japanese korean vietnamese thai lao khmer
    burmese malay indonesian tagalog filipino swahili amharic somali yoruba igbo hausa zulu xhosa
    afrikaans tigrinya oromo haitian creole catalan basque galician welsh irish gaelic latin
    esperanto armenian georgian azerbaijani kazakh uzbek mongolian tibetan ojibwe cree inuktitut
    asl lsq bsl auslan"""
    )
)
_SIGN = {"asl": "American Sign Language", "lsq": "LSQ", "bsl": "British Sign Language"}
_LEVELS = (
    ("native", r"native|mother tongue|first language|bilingual|c2"),
    ("advanced", r"fluent|fluency|proficient|advanced|professional|full professional|c1|expert"),
    ("intermediate", r"intermediate|conversational|working|good|b1|b2|limited working"),
    ("basic", r"basic|beginner|elementary|a1|a2|notions|limited"),
)
_ISSUERS = re.compile(
    r"\b(?:aws|amazon web services|amazon|microsoft|google|cisco|comptia|pmi|oracle|salesforce|"
    r"red cross|st\.? john ambulance|coursera|udemy|edx|linkedin learning|isc2|\(isc\)²|isaca|"
    r"scrum alliance|scrum\.org|axelos|hubspot|meta|ibm|adobe|autodesk|iaap|deque|heart and stroke|"
    r"cpa|cfa institute|shrm|hrci|nursing board|ontario|red hat|vmware|linux foundation|"
    r"tableau|snowflake|databricks|atlassian)\b",
    re.IGNORECASE,
)
_CUT = re.compile(r"\s+(?:\||—|–|-|·|•)\s+|\s*\|\s*|,\s+(?=[A-Z])|\s+(?:by|from|issued by)\s+")


def projects(lines: list[str]) -> list[ProjectItem]:
    """A project per title line (a short line that is not a bullet); the lines after it are its
    description."""
    items: list[ProjectItem] = []
    for line in lines:
        starts = not is_bullet(line) and len(line.split()) <= 12 and not line.endswith(".")
        if starts or not items:
            span = find_range(line)
            title = strip_dates(line) if span else line
            url_match = _URL.search(title)
            url = _absolute(url_match.group(0)) if url_match else ""
            if url_match:
                title = (title[: url_match.start()] + title[url_match.end() :]).strip(" |–—-:")
            name, rest = _title_and_rest(unbullet(title))
            items.append(
                ProjectItem(
                    project_name=name[:200],
                    url=url[:500],
                    start_date=span.start if span else None,
                    end_date=None if span is None or span.current else span.end,
                    is_current=bool(span and span.current),
                    description=rest[:5000],
                )
            )
            continue
        item = items[-1]
        text = unbullet(line)
        if not item.url and (url_match := _URL.search(text)):
            item.url = _absolute(url_match.group(0))[:500]
        item.description = "\n".join(filter(None, [item.description, text]))[:5000]
    return [item for item in items if item.project_name]


def certifications(lines: list[str]) -> list[CertificationItem]:
    """A certification per line: name, issuer, issue (and expiry) dates, credential URL."""
    items: list[CertificationItem] = []
    for raw in lines:
        line = unbullet(raw)
        span = find_range(line)
        text = strip_dates(line) if span else line
        url_match = _URL.search(text)
        if url_match:
            text = (text[: url_match.start()] + text[url_match.end() :]).strip(" |–—-,")
        if not text or len(text.split()) > 16:
            continue
        parts = [part.strip(" ,()") for part in _CUT.split(text) if part.strip(" ,()")]
        name = parts[0] if parts else text
        issuer = next((part for part in parts[1:] if _ISSUERS.search(part)), "")
        if not issuer and len(parts) > 1:
            issuer = parts[1]
        if not issuer and (match := _ISSUERS.search(name)):
            issuer = match.group(0)
        issue = span.start or span.end if span else None
        expiry = span.end if span and span.start else None
        items.append(
            CertificationItem(
                name=name[:200],
                issuing_organization=issuer[:200],
                issue_date=issue,
                expiry_date=expiry,
                credential_url=_absolute(url_match.group(0))[:500] if url_match else "",
            )
        )
    return items


def languages(lines: list[str]) -> list[LanguageItem]:
    """Human languages with a level when the resume gives one ("French (fluent)", "Spanish - B1")."""
    items: list[LanguageItem] = []
    seen: set[str] = set()
    for raw in lines:
        line = re.sub(r"^\s*languages?\s*:\s*", "", unbullet(raw), flags=re.IGNORECASE)
        for part in re.split(r"[,;|•·/]|\s{2,}", line):
            words = re.findall(r"[A-Za-zÀ-ÿ]+", part)
            found = [word for word in words if word.lower() in _LANGUAGES]
            if not found:
                continue
            level = _level(part)
            # "English French Spanish": several names and no level -> one item each.
            for word in found if len(found) > 1 and not level else found[:1]:
                name = _SIGN.get(word.lower(), word.capitalize())
                if name.lower() in seen:
                    continue
                seen.add(name.lower())
                items.append(
                    LanguageItem(language=name, speaking=level, reading=level, writing=level)
                )
    return items


def _level(text: str) -> str:
    lowered = text.lower()
    for level, pattern in _LEVELS:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            return level
    return ""


def achievements(lines: list[str]) -> list[AchievementItem]:
    """An achievement per bullet or line; a date in it becomes `issue_date`."""
    items: list[AchievementItem] = []
    for raw in lines:
        line = unbullet(raw)
        if not line:
            continue
        # A continuation line (lower-case start, no bullet) belongs to the previous item.
        if items and not is_bullet(raw) and line[:1].islower():
            items[-1].description = " ".join(filter(None, [items[-1].description, line]))[:5000]
            continue
        span = find_range(line)
        text = strip_dates(line) if span else line
        title, description = _title_and_rest(text)
        items.append(
            AchievementItem(
                title=(title if len(title) <= 200 else title[:197] + "...").strip(),
                issue_date=(span.end or span.start) if span else None,
                description=description[:5000],
            )
        )
    return items


def _title_and_rest(text: str) -> tuple[str, str]:
    """("Title", "the rest") from "Title – the rest" or "Title: the rest"."""
    parts = re.split(r"\s+[|–—-]\s+|:\s+", text, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
