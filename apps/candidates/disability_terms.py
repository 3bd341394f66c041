"""Disability and assistive-technology words in a resume: the vocabulary and pure functions on it.

A candidate who keeps their disability data for later (`AFTER_JOB_OFFER`, say) may still have
written "I use a screen reader" or a diagnosis in the resume itself. Employers read the file they
are sent, but the platform must not make such words a search key nor a ranking feature: the text
and term counts a parse stores leave them out (`strip_terms`, `without_terms`), the parsed summary
and skills handed to plugins leave them out (`strip_terms`, `mentions_term`, in
apps/candidates/documents.py), and the candidate is told which passages of the file name them
(`disclosure_warnings`).

The vocabulary is data: the tuples below, English and French, in three kinds, conditions, aids
(assistive technology and devices) and accommodations. Its categories follow
- conditions: the WHO's International Classification of Functioning, Disability and Health (ICF:
  seeing, hearing, mobility, learning, mental functions) and the chapters of ICD-11 (neurological,
  mental and neurodevelopmental conditions, chronic diseases), with the words of the Job
  Accommodation Network's "A to Z of disabilities" and, in French, of the Office québécois de la
  langue française (Grand dictionnaire terminologique) and the French MDPH vocabulary;
- aids: ISO 9999 (assistive products: mobility, communication and information, hearing,
  seeing), with the products resumes name (JAWS, NVDA, VoiceOver, ZoomText, TalkBack);
- accommodations: the Ontario Human Rights Commission's and the Accessible Canada Act's "duty to
  accommodate" / "mesures d'adaptation", the ADA's "reasonable accommodation", France's
  "aménagement raisonnable" and RQTH.

Matching:
- case- and accent-insensitive ("Lecteur d'ÉCRAN" is "lecteur d'ecran"), curly apostrophes read
  as straight ones;
- on word boundaries: "blindly", "deafening", "autismo" are not "blind", "deaf", "autism"; a hyphen
  is a boundary ("wheelchair-accessible" holds "wheelchair");
- the words of a phrase may be separated by spaces, hyphens or an apostrophe ("deaf-blind",
  "chien-guide", "lecteur d'écran");
- each word of an English phrase also matches with `s` or `es` ("screen readers", "crutches"),
  of a French one with `e`, `s`, `es` or `x` ("sourde", "fauteuils roulants", "malvoyantes");
  the words of UNINFLECTED match only as written ("blinds" are window blinds);
- a hit inside one of NOT_TERMS ("double-blind", "blind spot", "Great Depression") is no hit.

What is deliberately left out, because in a resume it mostly means something else or names work
rather than the person: "MS", "ADD", "ALS", "stroke", "cancer", "impairment" (accounting), "TTY",
"dementia", "Alzheimer's", "diabetes" and "HIV" (clinical, care and public-health work), "mental
health" (a field of work), "sign language" and "ASL" alone (a language anyone may speak),
speech-recognition software. A word that names a condition is taken out whoever it describes:
an autism therapist's "autism" too. Skills the candidate saved as their own skill records are
theirs to publish and are not filtered.

Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from platform_core.terms import SKILL_PREFIX, tokens

# --- the vocabulary -------------------------------------------------------------------------------

CONDITIONS_EN = (
    # neurodevelopmental and learning
    "autism", "autistic", "autism spectrum", "autism spectrum disorder", "asperger", "asperger's",
    "aspergers", "adhd", "attention deficit", "attention deficit disorder",
    "attention deficit hyperactivity disorder", "dyslexia", "dyslexic", "dyspraxia", "dyspraxic",
    "dyscalculia", "dysgraphia", "learning disability", "learning disabilities",
    "intellectual disability", "developmental disability", "down syndrome", "tourette",
    "tourette's", "tourettes", "tourette syndrome", "neurodivergent", "neurodiverse",
    "neurodiversity", "stutter", "stuttering", "stammer", "stammering", "speech impairment",
    # neurological
    "epilepsy", "epileptic", "seizure disorder", "multiple sclerosis", "cerebral palsy",
    "spina bifida", "muscular dystrophy", "spinal cord injury", "paraplegia", "paraplegic",
    "quadriplegia", "quadriplegic", "tetraplegia", "tetraplegic", "hemiplegia", "hemiplegic",
    "traumatic brain injury", "acquired brain injury", "parkinson", "parkinson's", "parkinsons",
    "amyotrophic lateral sclerosis", "huntington's disease", "narcolepsy", "migraine",
    # physical and chronic
    "amputee", "amputation", "limb difference", "mobility impairment", "physical disability",
    "chronic pain", "chronic illness", "chronic fatigue", "chronic fatigue syndrome",
    "myalgic encephalomyelitis", "fibromyalgia", "lupus", "arthritis", "rheumatoid arthritis",
    "crohn's", "crohns", "crohn's disease", "ulcerative colitis", "long covid",
    # hearing and seeing
    "deaf", "deafness", "deafblind", "deaf blind", "hard of hearing", "hearing loss",
    "hearing impaired", "hearing impairment", "blind", "blindness", "legally blind", "low vision",
    "visually impaired", "visual impairment", "vision loss", "partially sighted", "color blind",
    "colour blind", "color blindness", "colour blindness",
    # mental health
    "mental illness", "mental health condition", "depression", "depressive disorder", "bipolar",
    "bipolar disorder", "ptsd", "post traumatic stress", "post traumatic stress disorder",
    "ocd", "obsessive compulsive disorder", "anxiety disorder", "generalized anxiety disorder",
    "social anxiety", "panic disorder", "agoraphobia", "schizophrenia", "schizophrenic",
    "schizoaffective", "borderline personality disorder", "eating disorder", "anorexia",
    "bulimia",
    # disability itself
    "disability", "disabilities", "disabled", "handicap", "handicapped",
)  # fmt: skip

AIDS_EN = (
    "wheelchair", "wheelchair user", "power chair", "powerchair", "mobility scooter", "crutch",
    "walking cane", "prosthetic limb", "prosthetic leg", "prosthetic arm", "prosthesis",
    "prostheses", "screen reader", "screenreader", "jaws", "nvda", "voiceover", "talkback",
    "zoomtext", "screen magnifier", "screen magnification", "braille", "braille display",
    "refreshable braille display", "white cane", "guide dog", "service dog", "service animal",
    "seeing eye dog", "hearing aid", "cochlear implant", "video relay service",
    "augmentative and alternative communication", "aac device", "speech generating device",
    "sip and puff", "assistive technology", "assistive device",
)  # fmt: skip

ACCOMMODATIONS_EN = (
    "reasonable accommodation", "workplace accommodation", "disability accommodation",
    "duty to accommodate", "sign language interpreter", "asl interpreter", "cart captioning",
    "accessible parking", "disability leave",
)  # fmt: skip

CONDITIONS_FR = (
    "autisme", "autiste", "trouble du spectre de l'autisme", "tdah",
    "trouble du deficit de l'attention", "deficit d'attention", "hyperactivite", "dyslexie",
    "dyslexique", "dyspraxie", "dyspraxique", "dyscalculie", "dysgraphie", "dysphasie",
    "trouble d'apprentissage", "deficience intellectuelle", "trisomie", "syndrome de down",
    "gilles de la tourette", "neurodiversite", "begaiement", "begue",
    "epilepsie", "epileptique", "sclerose en plaques", "paralysie cerebrale", "spina bifida",
    "dystrophie musculaire", "lesion medullaire", "blessure medullaire", "paraplegie",
    "paraplegique", "tetraplegie", "tetraplegique", "quadriplegique", "hemiplegie",
    "hemiplegique", "traumatisme cranien", "maladie de parkinson", "narcolepsie",
    "ampute", "fibromyalgie", "fatigue chronique", "syndrome de fatigue chronique",
    "douleur chronique", "maladie chronique", "arthrite", "polyarthrite", "maladie de crohn",
    "colite ulcereuse",
    "sourd", "sourd muet", "surdite", "malentendant", "perte auditive", "deficience auditive",
    "aveugle", "cecite", "malvoyant", "malvoyance", "deficience visuelle", "basse vision",
    "daltonien", "daltonisme",
    "maladie mentale", "trouble de sante mentale", "depression", "depressif", "trouble bipolaire",
    "bipolaire", "tspt", "stress post traumatique", "trouble de stress post traumatique",
    "trouble obsessionnel compulsif", "trouble anxieux", "trouble panique", "schizophrenie",
    "schizophrene", "trouble de la personnalite limite", "trouble alimentaire", "anorexie",
    "boulimie",
    "handicap", "handicape", "en situation de handicap", "mobilite reduite",
    "deficience motrice", "invalidite", "rqth", "mdph",
)  # fmt: skip

AIDS_FR = (
    "fauteuil roulant", "fauteuil electrique", "lecteur d'ecran", "logiciel de lecture d'ecran",
    "loupe d'ecran", "plage braille", "canne blanche", "chien guide", "chien d'assistance",
    "appareil auditif", "aide auditive", "prothese auditive", "implant cochleaire", "bequille",
    "deambulateur", "aide technique", "technologie d'assistance",
)  # fmt: skip

ACCOMMODATIONS_FR = (
    "amenagement raisonnable", "amenagement de poste", "mesure d'adaptation",
    "accommodement raisonnable", "obligation d'accommodement", "poste de travail adapte",
    "interprete en langue des signes", "interprete lsq", "interprete lsf",
)  # fmt: skip

ENGLISH = CONDITIONS_EN + AIDS_EN + ACCOMMODATIONS_EN
FRENCH = CONDITIONS_FR + AIDS_FR + ACCOMMODATIONS_FR
# Every phrase, folded (lower case, no accents), whichever language.
TERMS = frozenset(ENGLISH + FRENCH)
# Phrases whose words take no plural or feminine ending.
UNINFLECTED = frozenset({"blind", "jaws", "nvda", "ptsd", "tspt", "ocd", "adhd"})
# Phrases that hold a term but do not mean it: a hit inside one of these is no hit.
NOT_TERMS = (
    "double blind", "single blind", "triple blind", "blind spot", "blind review",
    "blind test", "blind testing", "blind tasting", "blind audition", "blind copy",
    "blind carbon copy", "great depression", "economic depression", "tropical depression",
    "bipolar transistor", "bipolar junction", "bipolar plate", "golf handicap",
    "en double aveugle", "a l'aveugle", "jaws of life",
)  # fmt: skip

# The endings a word of a phrase may take.
_ENDINGS = {"en": "(?:e?s)?", "fr": "(?:e|s|es|x)?"}
_SEPARATOR = r"[\s\-']+"
_WORD_CHAR = r"[^\W_]"
# At most this many passages are reported; a passage is cut around its hit past MAX_PASSAGE.
MAX_WARNINGS = 100
MAX_PASSAGE = 300
_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4"
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}


# --- folding --------------------------------------------------------------------------------------


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _LIGATURES:
        return _LIGATURES[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part)).casefold()


class _FoldTable(dict):
    """`str.translate`'s table, filled as characters are met; it notes those that fold to more
    or fewer than one character ("ß", a combining accent), whose text needs an index."""

    def __init__(self) -> None:
        super().__init__()
        self.odd: set[str] = set()
        self.odd_pattern: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            self.odd.add(chr(code))
            self.odd_pattern = re.compile("[" + "".join(map(re.escape, sorted(self.odd))) + "]")
        return folded


_FOLDS = _FoldTable()


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` in lower case without accents, and the index in `text` of each folded character
    (None when it is the same: every character folded to one)."""
    if text.isascii():
        return text.lower(), None
    folded = text.translate(_FOLDS)
    odd = _FOLDS.odd_pattern
    if len(folded) == len(text) and (odd is None or not odd.search(text)):
        return folded, None
    index = [position for position, char in enumerate(text) for _ in _FOLDS[ord(char)]]
    return folded, index


def _words(phrase: str) -> list[str]:
    return [word for word in re.split(_SEPARATOR, fold(phrase)[0]) if word]


def _trie_regex(phrases: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    """One regex for `(phrase, language)` pairs, as a trie: at each character it tries the few
    branches that can follow, not every phrase (a summary of 10,000 candidates is read fast)."""
    root: dict = {}
    for phrase, language in phrases:
        ending = "" if phrase in UNINFLECTED else _ENDINGS[language]
        node = root
        parts: list[str] = []
        for number, word in enumerate(_words(phrase)):
            if number:
                parts.append(_SEPARATOR)
            parts += [re.escape(char) for char in word]
            if ending:
                parts.append(ending)
        for part in parts:
            node = node.setdefault(part, {})
        node[None] = {}

    def pattern(node: dict) -> str:
        branches = [part + pattern(child) for part, child in node.items() if part is not None]
        if None in node:
            branches.append("")  # last: a longer phrase wins over its beginning
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return re.compile(rf"(?<!{_WORD_CHAR})" + pattern(root) + rf"(?!{_WORD_CHAR})")


_TERM = _trie_regex([(phrase, "en") for phrase in ENGLISH] + [(phrase, "fr") for phrase in FRENCH])
_NOT_TERM = _trie_regex([(phrase, "en") for phrase in NOT_TERMS])


# --- hits -----------------------------------------------------------------------------------------


def hits(text: str) -> list[tuple[int, int]]:
    """The `(start, end)` offsets in `text` of every vocabulary term, left to right."""
    folded, index = fold(text)
    found = [match.span() for match in _TERM.finditer(folded)]
    if not found:
        return []
    excluded = [match.span() for match in _NOT_TERM.finditer(folded)]
    spans, next_excluded = [], 0
    for start, end in found:  # both left to right: one pass over each
        while next_excluded < len(excluded) and excluded[next_excluded][1] <= start:
            next_excluded += 1
        if next_excluded < len(excluded):
            begin, stop = excluded[next_excluded]
            if begin <= start and end <= stop:
                continue
        spans.append((start, end) if index is None else (index[start], index[end - 1] + 1))
    return spans


def mentions_term(text: str) -> bool:
    """Whether `text` holds a vocabulary term (a skill name, a line)."""
    return bool(hits(text))


def is_term_key(key: str) -> bool:
    """Whether a key of `resume_terms` (platform_core/terms.py: a lower-case token such as
    "wheelchair" or "wheelchair-accessible", or "skill:<name>" such as "skill:screen readers")
    holds a vocabulary term."""
    return mentions_term(key.removeprefix(SKILL_PREFIX))


def strip_terms(text: str) -> str:
    """`text` with every vocabulary term replaced by a space (other words, and offsets of lines,
    stay as they were)."""
    parts, kept = [], 0
    for start, end in hits(text):
        parts += [text[kept:start], " "]
        kept = end
    parts.append(text[kept:])
    return "".join(parts)


def without_terms(counts: Mapping[str, int], text: str) -> dict[str, int]:
    """Term counts of `text` without the terms: each hit's own tokens ("screen" and "reader" of
    "screen reader") are taken off their counts, and every key that holds a term is dropped
    (`is_term_key`); "screen" counted elsewhere in the text stays."""
    spent: dict[str, int] = {}
    for start, end in hits(text):
        for token in tokens(text[start:end]):
            spent[token] = spent.get(token, 0) + 1
    kept = {}
    for key, count in counts.items():
        left = count - spent.get(key, 0)
        if left > 0 and not is_term_key(key):
            kept[key] = left
    return kept


# --- passages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """The sentence or line around one or more hits: `text` is `source[start:end]` with its runs
    of whitespace made one space."""

    text: str
    start: int
    end: int


# Where a passage may begin or end: after a line break, or after a sentence's last mark.
_BREAK = re.compile(r"\n|[.!?](?=\s)")
# Blanks, bullets and separators a passage does not begin with, nor (but for its full stop) end with.
_LEAD = " \t\r\n\f\v•●○◦▪■□◆◇►▸‣⁃∙·*-–—|,;:"
_TRAIL = " \t\r\n\f\v-–—|,;:"


def _bounds(text: str, breaks: list[int], start: int, end: int) -> tuple[int, int]:
    """The sentence or line holding `text[start:end]` (`breaks`: its sorted break offsets, 0 and
    len(text) included), cut to about MAX_PASSAGE characters around it at spaces."""
    left = breaks[bisect_right(breaks, start) - 1]
    right = breaks[bisect_left(breaks, end)]
    if right - left > MAX_PASSAGE:
        margin = max((MAX_PASSAGE - (end - start)) // 2, 0)
        if start - margin > left:
            space = text.find(" ", start - margin, start)
            left = space + 1 if space >= 0 else start - margin
        if end + margin < right:
            space = text.rfind(" ", end, end + margin)
            right = space if space >= 0 else end + margin
    return left, right


def find_passages(text: str, limit: int | None = None) -> list[Passage]:
    """The passages of `text` (its sentences or lines) that hold a vocabulary term, left to right,
    each once however many terms it holds; the first `limit` of them."""
    found = hits(text)
    if not found:
        return []
    breaks = [0, *(match.end() for match in _BREAK.finditer(text)), len(text)]
    spans: list[list[int]] = []
    for start, end in found:
        if spans and start < spans[-1][1]:  # in the passage of an earlier hit
            spans[-1][1] = max(spans[-1][1], end)
            continue
        if limit is not None and len(spans) == limit:
            break
        left, right = _bounds(text, breaks, start, end)
        left = max(left, spans[-1][1]) if spans else left
        while left < start and text[left] in _LEAD:
            left += 1
        while right > end and text[right - 1] in _TRAIL:
            right -= 1
        spans.append([left, right])
    return [Passage(" ".join(text[left:right].split()), left, right) for left, right in spans]


def _key(text: str) -> str:
    return " ".join(fold(text)[0].split())


def disclosure_warnings(text: str, sections: Mapping[str, Iterable[str]]) -> list[dict[str, str]]:
    """`[{text, section}]`: each passage of the resume `text` that names a vocabulary term, with
    the section of the parsed resume that holds it, else "resume". `sections` maps a section name
    to its strings; the section is the first whose string holds the passage, else the first with
    a string that names a term and that the passage holds (a skill of a "Skills:" line). Then the
    passages of `sections` that the text lacks (a summary a model wrote; not skills, which are
    names the parser found in the text). At most MAX_WARNINGS."""
    keyed = {name: [_key(value) for value in values if value] for name, values in sections.items()}
    termed = {
        name: [value for value in values if mentions_term(value)] for name, values in keyed.items()
    }
    warnings: list[dict[str, str]] = []
    seen: list[str] = []
    for passage in find_passages(text, MAX_WARNINGS):
        key = _key(passage.text)
        holding = (name for name, values in keyed.items() if any(key in v for v in values))
        held = (name for name, values in termed.items() if any(v in key for v in values))
        warnings.append({"text": passage.text, "section": next(holding, next(held, "resume"))})
        seen.append(key)
    for name, values in sections.items():
        if name == "skills":
            continue
        for value in values:
            for passage in find_passages(value or "", MAX_WARNINGS):
                key = _key(passage.text)
                if len(warnings) < MAX_WARNINGS and not any(
                    key in known or known in key for known in seen
                ):
                    warnings.append({"text": passage.text, "section": name})
                    seen.append(key)
    return warnings
