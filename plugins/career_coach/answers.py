"""Offline answers to `answer_prompt`: a question about a resume, the generated "about", and an
employer's insight, each from the `CandidateDocument` alone.

- "question": the skills, roles, schools, projects, certifications and languages the question
  names are looked up in the records and the resume text; the answer says where each shows,
  and which the resume does not show. A question that names sections ("education?") lists them.
- "about": two to four sentences for the profile's "about", without "I", without a name, and
  without any record that mentions disability or health (`sensitive`).
- "insight": strengths and gaps against each of the organization's open jobs, the relevant
  experience, and two or three questions to ask the candidate.

Nothing here sees disability data: a question about it is answered with what the platform does
with such data instead. Pure: no Django, no settings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from platform_core.documents import CandidateDocument, EducationRecord, JobDocument
from platform_core.terms import STOPWORDS

from . import facts
from .facts import SkillNames, listing
from .intents import detect, words_of
from .sensitive import mentions_health

MAX_TERMS = 6
MAX_ITEMS = 4
MAX_JOBS = 3
# The longest skill name, in words, looked for in a question ("google cloud platform").
_LONGEST_SKILL = 3

# Words a question about a resume uses that are not what it asks about.
_QUESTION_WORDS = frozenset(
    {"candidate", "candidates", "applicant", "resume", "resumes", "cv", "profile", "person"}
    | {"does", "did", "know", "knows", "tell", "show", "shows", "mention", "mentions", "list"}
    | {"lists", "good", "strong", "any", "much", "many", "long", "well", "someone", "they"}
    | {"she", "he", "him", "her", "them", "their", "using", "use", "used", "uses", "like"}
    | {"ever", "kind", "sort", "type", "level", "able", "please", "summarize", "summarise"}
    | {"summary", "overview", "describe", "give", "get", "fit", "fits", "role", "position"}
    | {"yes", "need", "needs", "want", "looking", "mine", "anything", "something", "there"}
    | {"here", "why", "work", "worked", "working", "experience", "experienced", "years", "year"}
)
# The words that ask for a whole section, and the section they ask for.
_SECTION_WORDS = {
    "education": {"education", "degree", "degrees", "school", "university", "college"}
    | {"studied", "study", "studies", "diploma", "graduate", "graduated"},
    "work_experience": {"experience", "experienced", "worked", "work", "employer", "employers"}
    | {"company", "companies", "roles", "jobs", "career", "history"},
    "projects": {"project", "projects", "portfolio"},
    "certifications": {"certification", "certifications", "certified", "certificate"}
    | {"certificates", "license", "licence", "licensed"},
    "languages": {"language", "languages", "speak", "speaks", "bilingual"},
    "skills": {"skill", "skills", "strengths", "tools", "technologies", "abilities"},
}
_SECTION_CUES = frozenset().union(*_SECTION_WORDS.values())


# --- "question" -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One thing a question asks about: its name and its words, and whether it is a known
    skill (so it is compared as skills are, through the aliases)."""

    name: str
    words: tuple[str, ...]
    skill: bool


def question(prompt: str, document: CandidateDocument, names: SkillNames) -> str:
    """The answer to `prompt` from the document: where each thing it names shows, what the
    resume does not show, and the sections it asks for."""
    if detect(prompt) == "accommodations":
        return DISABILITY_QUESTION
    terms = question_terms(prompt, document, names)
    words = set(words_of(prompt))
    sections = [name for name, cues in _SECTION_WORDS.items() if cues & words]
    if not terms and not sections:
        return _overview(document)
    lines = ["From the resume and profile:"]
    for term in terms:
        found = _evidence(term, document, names)
        if found:
            lines.append(f"- {term.name}: {'; '.join(found)}.")
        else:
            lines.append(f"- {term.name}: the resume and profile do not show it.")
    for section in sections:
        lines.append(_section(section, document))
    return "\n".join(lines)


DISABILITY_QUESTION = (
    "Disability and accommodation information is not part of the resume data I answer from, "
    "and it is never used to answer questions or to rank candidates. The candidate decides "
    "through their disclosure setting whether and when employers see it on their profile."
)


def question_terms(prompt: str, document: CandidateDocument, names: SkillNames) -> list[Term]:
    """The skills and other words `prompt` asks about, in the order it names them: known skill
    names (the aliases, the candidate's skills) of up to three words, then the other words that
    are not question words or stopwords."""
    words = facts.skill_words(prompt)
    own = {names.key(skill): skill.strip() for skill in document.skills}
    found: list[tuple[int, Term]] = []
    used = [False] * len(words)
    for width in range(_LONGEST_SKILL, 0, -1):
        for i in range(len(words) - width + 1):
            if any(used[i : i + width]):
                continue
            phrase = tuple(words[i : i + width])
            name = names.known(" ".join(phrase)) or own.get(names.key(" ".join(phrase)))
            if name and (width > 1 or _meant(phrase[0], prompt)):
                found.append((i, Term(name, phrase, True)))
                used[i : i + width] = [True] * width
    for i, word in enumerate(words):
        if used[i] or len(word) < 3 or word.isdigit() or word in STOPWORDS:
            continue
        if word not in _QUESTION_WORDS and word not in _SECTION_CUES:
            found.append((i, Term(word.capitalize(), (word,), False)))
    unique: dict[str, Term] = {}
    for _, term in sorted(found, key=lambda pair: pair[0]):
        unique.setdefault(term.name.lower(), term)
    return list(unique.values())[:MAX_TERMS]


def _meant(word: str, prompt: str) -> bool:
    """A skill of one or two letters ("C", "R", "Go") counts only when the question writes it
    with a capital, so "go" in a sentence is not a skill."""
    if len(word) > 2:
        return True
    return any(
        token[0].isupper() and token.lower() == word for token in _CASED_WORD.findall(prompt)
    )


_CASED_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*")


def _evidence(term: Term, document: CandidateDocument, names: SkillNames) -> list[str]:
    """Where the document shows `term`: "listed as a skill", "in work as ...", and so on."""
    if term.skill:
        spellings = [tuple(facts.skill_words(s)) for s in names.spellings(term.name)]
    else:
        spellings = [term.words]

    def shows(text: str) -> bool:
        words = facts.skill_words(text)
        return any(facts.contains_phrase(spelling, words) for spelling in spellings)

    found = []
    key = names.key(term.name)
    if term.skill and any(names.key(skill) == key for skill in document.skills):
        found.append("listed as a skill")
    elif not term.skill and any(shows(skill) for skill in document.skills):
        found.append("among the skills")
    roles = [
        facts.work_line(w)
        for w in facts.recent_work(document)
        if shows(f"{w.role} {w.company} {w.description}")
    ]
    if roles:
        found.append("in work as " + listing(roles[:MAX_ITEMS]))
    schools = [
        facts.education_line(e)
        for e in document.education
        if shows(f"{e.degree} {e.field_of_study} {e.institution}")
    ]
    if schools:
        found.append("in education: " + listing(schools[:MAX_ITEMS]))
    projects = [
        p.project_name.strip() or "a project"
        for p in document.projects
        if shows(f"{p.project_name} {p.description}")
    ]
    if projects:
        found.append("in the projects " + listing(projects[:MAX_ITEMS]))
    certificates = [
        c.name.strip()
        for c in document.certifications
        if shows(f"{c.name} {c.issuing_organization}")
    ]
    if certificates:
        found.append("in the certifications " + listing(certificates[:MAX_ITEMS]))
    if any(shows(language) for language in document.languages):
        found.append("among the languages")
    if not found:
        text = facts.skill_words(document.resume_text)
        count = sum(facts.count_phrase(spelling, text) for spelling in set(spellings))
        if count:
            found.append(f"named {count} time{'s' if count != 1 else ''} in the resume text")
    return found


def _section(section: str, document: CandidateDocument) -> str:
    if section == "education":
        items = [facts.education_line(e) for e in document.education]
        return _items("Education", items)
    if section == "work_experience":
        return _items("Work experience", [facts.work_line(w) for w in facts.recent_work(document)])
    if section == "projects":
        return _items(
            "Projects",
            [p.project_name.strip() for p in document.projects if p.project_name.strip()],
        )
    if section == "certifications":
        return _items(
            "Certifications", [c.name.strip() for c in document.certifications if c.name.strip()]
        )
    if section == "languages":
        return _items("Languages", document.languages)
    return _items("Skills", document.skills)


def _items(title: str, items: Sequence[str]) -> str:
    if not items:
        return f"{title}: none shown in the resume or profile."
    more = f" and {len(items) - MAX_ITEMS * 2} more" if len(items) > MAX_ITEMS * 2 else ""
    return f"{title}: {'; '.join(items[: MAX_ITEMS * 2])}{more}."


def _overview(document: CandidateDocument) -> str:
    lines = ["From the resume and profile:"]
    lines.append(_items("Skills", document.skills))
    lines.append(
        _items("Work experience", [facts.work_line(w) for w in facts.recent_work(document)])
    )
    lines.append(_items("Education", [facts.education_line(e) for e in document.education]))
    lines.append("Ask about a skill, a role or a qualification to check it against the resume.")
    return "\n".join(lines)


# --- "about" --------------------------------------------------------------------------------------


def about(document: CandidateDocument, names: SkillNames, today: date) -> str:
    """Two to four sentences summing up the candidate's work, skills and education, in the
    impersonal style of a profile ("Backend Developer with 6 years of experience..."), leaving
    out every record that mentions disability or health."""
    work = [
        w
        for w in facts.recent_work(document)
        if w.role.strip() and not mentions_health(f"{w.role} {w.company}")
    ]
    skills = [
        names.known(s) or s.strip() for s in document.skills if s.strip() and not mentions_health(s)
    ]
    schools = [
        e
        for e in document.education
        if f"{e.degree}{e.field_of_study}{e.institution}".strip()
        and not mentions_health(f"{e.degree} {e.field_of_study} {e.institution}")
    ]
    certificates = [
        c.name.strip()
        for c in document.certifications
        if c.name.strip() and not mentions_health(c.name)
    ]
    sentences = []
    if work:
        latest = work[0]
        years = facts.years_of_work(document, today)
        sentence = latest.role.strip()
        if years >= 2:
            sentence += f" with {years} years of experience"
        if latest.company.strip():
            sentence += f", {'currently' if latest.current else 'most recently'} at {latest.company.strip()}"
        sentences.append(sentence + ".")
        earlier = []
        for record in work[1:]:
            line = (
                f"{record.role.strip()} at {record.company.strip()}"
                if record.company.strip()
                else record.role.strip()
            )
            if line.lower() != latest.role.strip().lower() and line not in earlier:
                earlier.append(line)
        if earlier:
            sentences.append(f"Earlier roles include {listing(earlier[:2])}.")
    if skills:
        sentences.append(f"Skilled in {listing(skills[:6])}.")
    if schools:
        sentences.append(_studies(schools[0]))
    if certificates:
        sentences.append(f"Certified in {listing(certificates[:3])}.")
    if len(sentences) < 2:
        sentences.append(_open_to(document))
    return " ".join(sentences[:4])


def _studies(record: EducationRecord) -> str:
    degree, field, school = (
        record.degree.strip(),
        record.field_of_study.strip(),
        record.institution.strip(),
    )
    at = f" from {school}" if school else ""
    if degree and field:
        return f"Holds a {degree} in {field}{at}."
    if degree or field:
        return f"Studied {degree or field}{' at ' + school if school else ''}."
    return f"Studied at {school}."


def _open_to(document: CandidateDocument) -> str:
    modes = [facts.WORK_MODE_NAMES[m] for m in document.preferences.work_modes]
    types = document.preferences.employment_types
    what = " ".join(p for p in (listing(modes, "or"), listing(types, "or")) if p)
    return f"Open to {what} work." if what else "Open to new opportunities."


# --- "insight" ------------------------------------------------------------------------------------


def insight(document: CandidateDocument, jobs: Sequence[JobDocument], names: SkillNames) -> str:
    """Strengths and gaps against each open job (best fit first, at most three), and two or
    three questions to ask."""
    work = facts.recent_work(document)
    fits = facts.job_fits(jobs, document, names)
    if fits:
        lines = ["Against your open jobs:"]
        for fit in fits[:MAX_JOBS]:
            lines.append(
                f"- {fit.job.title.strip() or 'A job'}: {_strengths(fit)}{_relevant(fit, document)}"
            )
    else:
        lines = ["Your organization has no open jobs to compare with."]
        lines.append(_items("Skills", document.skills))
        lines.append(_items("Work experience", [facts.work_line(w) for w in work]))
    lines.append("Questions to ask:")
    for number, text in enumerate(_questions(fits, document), 1):
        lines.append(f"{number}. {text}")
    return "\n".join(lines)


def _strengths(fit: facts.JobFit) -> str:
    total = len(fit.matched) + len(fit.missing)
    if not total:
        return "the job names no skills to compare."
    if not fit.matched:
        return f"none of its {total} skills listed (missing {listing(fit.missing)})."
    text = f"has {listing(fit.matched)} ({len(fit.matched)} of {total} skills)"
    return text + (f"; missing {listing(fit.missing)}." if fit.missing else ".")


def _relevant(fit: facts.JobFit, document: CandidateDocument) -> str:
    relevant = facts.relevant_work(fit.job, document)
    if not relevant:
        return " No directly related role in the work history."
    return f" Relevant experience: {listing(facts.work_line(r) for r in relevant[:2])}."


def _questions(fits: Sequence[facts.JobFit], document: CandidateDocument) -> list[str]:
    asked = []
    best = fits[0] if fits else None
    if best and best.missing:
        asked.append(
            f"How have you used {best.missing[0]}, or how would you get up to speed with it?"
        )
    relevant = facts.relevant_work(best.job, document) if best else []
    recent = relevant or facts.recent_work(document)
    if recent:
        role = facts.work_line(recent[0])
        target = f" to the {best.job.title.strip()} role" if best and best.job.title.strip() else ""
        asked.append(f"What did you achieve as {role}, and what would you bring from it{target}?")
    elif document.projects:
        asked.append(
            f"Tell us about the project {document.projects[0].project_name.strip() or 'on your profile'}: what was your part?"
        )
    if best:
        terms = _terms_question(best.job, document)
        if terms:
            asked.append(terms)
    for fallback in _FALLBACK_QUESTIONS:
        if len(asked) >= 2:
            break
        asked.append(fallback)
    return asked[:3]


_FALLBACK_QUESTIONS = (
    "What would you want to learn in your first months in the role?",
    "What kind of work do you want to do next, and why?",
)


def _terms_question(job: JobDocument, document: CandidateDocument) -> str:
    """A question about a difference between the job's terms and the candidate's preferences."""
    preferences = document.preferences
    mode = facts.WORK_MODE_NAMES[job.workplace_type]
    if preferences.work_modes and job.workplace_type not in preferences.work_modes:
        wanted = listing((facts.WORK_MODE_NAMES[m] for m in preferences.work_modes), "or")
        where = f" in {job.location.strip()}" if job.location.strip() else ""
        return f"The role is {mode}{where} and the profile prefers {wanted} work: how would that suit you?"
    if preferences.employment_types and job.job_type not in preferences.employment_types:
        wanted = listing(preferences.employment_types, "or")
        return f"The role is {job.job_type} and the profile prefers {wanted} work: how would that suit you?"
    return ""
