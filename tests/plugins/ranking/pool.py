"""The labelled ranking pool: one job per profession and a mixed pool of applicants, drawn with a
fixed seed, for measuring ranking quality (benchmarks/rank_quality.py, test_quality.py).

Every job is ranked against ALL candidates, as a mixed applicant pool; a candidate is relevant
to the job of their own profession only. The pool is built to be hard the way real ones are:

- ten candidates per profession, of different kinds: resumes of one paragraph and of two pages,
  skills listed or only described in the text, other spellings ("JS", "Postgres", "k8s"),
  career changers whose older jobs belong to a neighbouring profession, new graduates, and
  profiles with no parsed resume at all (records only, some of them sparse);
- four in ten of them work in the profession's other specialty (mobile and Java next to the
  Python back end the job asks for, manual testing next to automation, payroll next to
  recruiting), so they share fewer of the job's words;
- people of neighbouring professions with no job here, who share many of them (DevOps next to
  software, marketing next to design and sales, unit clerks and care aides next to nurses,
  machinists next to engineers, financial analysts next to accountants, educational assistants
  next to teachers);
- per job two generalists: long resumes that touch many professions' words and list this job's
  skills, without having done the work (an administrator, a graduate of general studies);
- job ads end in the boilerplate real ones carry (benefits, "accommodation is available at
  every stage of the hiring process"), words of no profession or of HR's.

A parsed resume's skills are what the resume parser finds in its text, and its `terms` are
`count_terms(text, skills)`, as the parser stores them; the profile's own skill records come
first in `skills`, as the core builds the document. Resumes carry no names or contact details.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from platform_core.documents import (
    CandidateDocument,
    CandidatePreferences,
    CertificationRecord,
    EducationRecord,
    JobDocument,
    ProjectRecord,
    WorkRecord,
)
from platform_core.terms import count_terms
from plugins.resume_parser.skills import matcher

from .pool_professions import (
    AD_ENDINGS,
    BY_KEY,
    CITIES,
    COLLEGES,
    GENERAL_DUTIES,
    GENERAL_SKILLS,
    GENERAL_TITLES,
    LANGUAGES,
    NEAR_WORK,
    NEIGHBOURS,
    OTHER_SPECIALTY,
    STUDENT_JOBS,
    UNIVERSITIES,
    WITH_JOBS,
    Profession,
)

# The kinds of candidate each profession with a job gets, one candidate each.
KINDS = [
    "standard", "standard", "long", "short", "few_skills", "records_only", "records_sparse",
    "career_changer", "graduate", "other_spellings",
]  # fmt: skip
PER_NEIGHBOUR = 2
# The pool's "today": the latest date on any record, so nothing depends on the clock.
LAST_MONTH = (2025, 6)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# How resumes write a month; one that gives only years has its records dated January 1st.
DATE_STYLES = ["{month} {year}", "{number:02d}/{year}", "{year}", "{month}. {year}"]
YEAR_ONLY = 2


@dataclass(frozen=True)
class Pool:
    jobs: list[JobDocument]
    candidates: list[CandidateDocument]
    relevant: dict[int, set[int]]  # job id -> the candidates of the job's profession
    profession: dict[int, str]  # job id -> profession label
    kind: dict[int, str]  # candidate id -> kind ("long", "records_only", "generalist", ...)


@dataclass
class _Job:
    role: str
    company: str
    location: str
    start: tuple[int, int]
    end: tuple[int, int] | None  # None: current
    bullets: list[str]


@dataclass
class _Draft:
    """A candidate before rendering: what the resume says and what the profile holds."""

    kind: str
    profession: str
    headline: str
    summary: str = ""
    skills: list[str] | None = None  # as written in the resume's skills section; None: no section
    profile_skills: list[str] | None = None
    jobs: list[_Job] | None = None
    schools: list[tuple[str, str, str, int, int]] | None = None
    certifications: list[tuple[str, str]] | None = None
    projects: list[tuple[str, str]] | None = None
    extra: list[tuple[str, list[str]]] | None = None  # further sections: (heading, lines)
    parsed: bool = True
    paragraph: bool = False  # the whole resume is one paragraph


def build_pool(seed: int = 7) -> Pool:
    """The pool for `seed`: the same seed gives the same pool, byte for byte."""
    rng = random.Random(seed)
    drafts: list[_Draft] = []
    for profession in WITH_JOBS:
        for kind in KINDS:
            # Four in ten work in the profession's other specialty, further from the job's words.
            other = kind != "graduate" and rng.random() < 0.4
            drafts.append(
                _candidate(rng, OTHER_SPECIALTY[profession.key] if other else profession, kind)
            )
        drafts += [_generalist(rng, profession), _student(rng, profession)]
    for neighbour in NEIGHBOURS:
        drafts += [_candidate(rng, neighbour, "neighbour") for _ in range(PER_NEIGHBOUR)]
    rng.shuffle(drafts)  # ids say nothing about professions

    candidates = [_document(rng, number, draft) for number, draft in enumerate(drafts, start=1)]
    jobs = [
        _job_document(number, p, rng.choice(AD_ENDINGS))
        for number, p in enumerate(WITH_JOBS, start=1)
    ]
    relevant = {
        job.id: {
            doc.candidate_id
            for doc, draft in zip(candidates, drafts, strict=True)
            if draft.profession == profession.key
        }
        for job, profession in zip(jobs, WITH_JOBS, strict=True)
    }
    return Pool(
        jobs=jobs,
        candidates=candidates,
        relevant=relevant,
        profession={job.id: p.label for job, p in zip(jobs, WITH_JOBS, strict=True)},
        kind={doc.candidate_id: draft.kind for doc, draft in zip(candidates, drafts, strict=True)},
    )


def _job_document(number: int, profession: Profession, ending: str) -> JobDocument:
    ad = profession.ad
    assert ad is not None
    description = f"{ad.description}\n\n{ending}"
    return JobDocument(
        id=number,
        title=ad.title,
        description=description,
        skills=ad.skills,
        location=ad.location,
        workplace_type=ad.workplace_type,
        job_type=ad.job_type,
        visa_required=ad.visa_required,
        # As the core counts a job's terms (apps/jobs/ranking.py): the title weighs twice.
        terms=count_terms(f"{ad.title}\n{ad.title}\n{description}", ad.skills),
    )


# --- drafts ---------------------------------------------------------------------------------------


def _spell(rng: random.Random, entry: str, *, other: bool = False) -> str:
    spellings = entry.split("|")
    if other and len(spellings) > 1:
        return rng.choice(spellings[1:])
    return spellings[0] if rng.random() < 0.8 else rng.choice(spellings)


def _skills(rng: random.Random, p: Profession, count: int, *, other: bool = False) -> list[str]:
    entries = rng.sample(p.skills, min(count, len(p.skills)))
    return [_spell(rng, entry, other=other) for entry in entries]


def _career(
    rng: random.Random,
    roles: list[tuple[Profession, str]],
    years: float,
    bullets: tuple[int, int],
    until: tuple[int, int] | None = None,
) -> list[_Job]:
    """Jobs newest first, the newest ending at `until`, or else still current or ended a few
    months before LAST_MONTH. A duty repeats only once the profession's list is used up."""
    months = max(len(roles) * 4, round(years * 12))
    weights = [rng.uniform(0.6, 1.4) for _ in roles]
    end = until or (None if rng.random() < 0.7 else _shift(LAST_MONTH, -rng.randrange(1, 8)))
    used: set[str] = set()
    jobs = []
    for (profession, role), weight in zip(roles, weights, strict=True):
        length = max(3, round(months * weight / sum(weights)))
        start = _shift(end or LAST_MONTH, -length)
        count = min(rng.randint(*bullets), len(profession.duties))
        fresh = [duty for duty in profession.duties if duty not in used]
        duties = rng.sample(fresh if len(fresh) >= count else profession.duties, count)
        used.update(duties)
        company = rng.choice(profession.companies)
        jobs.append(_Job(role, company, rng.choice(CITIES), start, end, duties))
        end = _shift(start, -rng.randrange(0, 4))
    return jobs


def _shift(month: tuple[int, int], by: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1


def _school(rng: random.Random, degree: str) -> str:
    college = degree in {"Diploma", "Certificate"}
    return rng.choice(COLLEGES if college else UNIVERSITIES)


def _schools(rng: random.Random, p: Profession, jobs: list[_Job], count: int = 1) -> list:
    """`count` of the profession's degrees, the last one finished when the first job began."""
    until = min((job.start[0] for job in jobs), default=LAST_MONTH[0])
    schools = []
    for degree, field in rng.sample(p.degrees, min(count, len(p.degrees))):
        length = 2 if degree in {"Diploma", "Certificate", "Postgraduate Certificate"} else 4
        schools.append((degree, field, _school(rng, degree), until - length, until))
        until -= length
    return schools


def _roles(rng: random.Random, p: Profession, count: int) -> list[tuple[Profession, str]]:
    return [(p, rng.choice(p.titles)) for _ in range(count)]


def _candidate(rng: random.Random, p: Profession, kind: str) -> _Draft:
    years = rng.randint(3, 9)
    summary = rng.choice(p.summaries).format(years=years)
    draft = _Draft(kind=kind, profession=p.key, headline=rng.choice(p.titles), summary=summary)
    if kind in {"standard", "other_spellings", "neighbour"}:
        draft.jobs = _career(rng, _roles(rng, p, rng.randint(2, 3)), years, (3, 4))
        draft.skills = _skills(rng, p, rng.randint(6, 9), other=kind == "other_spellings")
        draft.schools = _schools(rng, p, draft.jobs)
        if rng.random() < 0.5 and p.certifications:
            draft.certifications = [rng.choice(p.certifications)]
    elif kind == "long":
        years = rng.randint(11, 18)
        draft.summary = rng.choice(p.summaries).format(years=years)
        # Long careers cross both specialties of the profession.
        main, other = BY_KEY[p.key], OTHER_SPECIALTY[p.key]
        roles = [(main, t) for t in rng.sample(main.titles, 3)] + [
            (other, t) for t in rng.sample(other.titles, 3)
        ]
        rng.shuffle(roles)
        draft.jobs = _career(rng, roles, years, (5, 7))
        for job in draft.jobs:
            job.bullets += rng.sample(GENERAL_DUTIES, 2)
        draft.skills = _skills(rng, p, rng.randint(11, 14))
        draft.schools = _schools(rng, p, draft.jobs, 2)
        draft.certifications, draft.projects = p.certifications, p.projects
        draft.extra = [("Volunteer", rng.sample(GENERAL_DUTIES, 4))]
    elif kind == "short":
        years = rng.randint(2, 5)
        draft.summary = rng.choice(p.summaries).format(years=years)
        draft.jobs = _career(rng, [(p, draft.headline)], years, (2, 2))
        draft.skills = _skills(rng, p, 3)
        draft.paragraph = True
    elif kind == "few_skills":
        draft.jobs = _career(rng, _roles(rng, p, 3), years, (4, 5))
        draft.schools = _schools(rng, p, draft.jobs)
        draft.profile_skills = _skills(rng, p, rng.randint(1, 2))
    elif kind in {"records_only", "records_sparse"}:
        sparse = kind == "records_sparse"
        draft.jobs = _career(rng, _roles(rng, p, 1 if sparse else rng.randint(2, 3)), years, (2, 4))
        draft.profile_skills = _skills(rng, p, rng.randint(2, 3) if sparse else rng.randint(4, 7))
        draft.schools = [] if sparse else _schools(rng, p, draft.jobs)
        draft.parsed = False
        if sparse:
            for job in draft.jobs:
                job.bullets = []
    elif kind == "career_changer":
        old = BY_KEY[p.came_from]
        new_years, old_years = rng.randint(2, 3), rng.randint(5, 9)
        draft.jobs = _career(rng, _roles(rng, p, 1), new_years, (3, 4))
        until = _shift(draft.jobs[-1].start, -rng.randrange(1, 4))
        roles = [(old, title) for title in rng.sample(old.titles, 2)]
        older = _career(rng, roles, old_years, (3, 5), until)
        draft.jobs += older
        draft.summary = (
            f"After {old_years} years as a {older[0].role.lower()}, I moved into {p.work} "
            f"{new_years} years ago. " + rng.choice(p.summaries).format(years=new_years)
        )
        draft.skills = _skills(rng, p, 5) + _skills(rng, old, 3)
        draft.schools = _schools(rng, p, draft.jobs[:1]) + _schools(rng, old, older)
    elif kind == "graduate":
        draft.headline = p.junior_title
        start, end = _shift(LAST_MONTH, -rng.randint(8, 12)), _shift(LAST_MONTH, -rng.randint(1, 4))
        company, city = rng.choice(p.companies), rng.choice(CITIES)
        draft.jobs = [_Job(p.junior_title, company, city, start, end, rng.sample(p.duties, 3))]
        degree, field = p.degrees[0]
        draft.schools = [(degree, field, _school(rng, degree), LAST_MONTH[0] - 4, LAST_MONTH[0])]
        draft.summary = (
            f"Recent {degree.lower()} graduate in {field.lower()}, looking for a first role as a "
            f"{p.titles[0].lower()}."
        )
        draft.skills = _skills(rng, p, rng.randint(5, 7))
        draft.projects = p.projects
    else:
        raise ValueError(kind)
    if draft.parsed and kind not in {"few_skills", "graduate"} and rng.random() < 0.4:
        draft.profile_skills = _skills(rng, p, rng.randint(2, 4), other=True)
    return draft


def _others(rng: random.Random, p: Profession, count: int) -> list[Profession]:
    return rng.sample([other for other in WITH_JOBS + NEIGHBOURS if other is not p], count)


def _generalist(rng: random.Random, p: Profession) -> _Draft:
    """Fifteen years of general work beside many professions, this job's among them."""
    years = rng.randint(12, 20)
    others = _others(rng, p, 5)
    beside = [p, p, *others[:3]]  # whose words each job borrows, and where it was
    roles = list(zip(beside, rng.sample(GENERAL_TITLES, 5), strict=True))
    jobs = _career(rng, roles, years, (0, 0))
    for job, near in zip(jobs, beside, strict=True):
        job.bullets = rng.sample(GENERAL_DUTIES, 3)
        duty = rng.choice(near.duties)
        job.bullets.insert(1, f"{rng.choice(NEAR_WORK)} {duty[0].lower()}{duty[1:]}")
    fields = ", ".join(other.work for other in others[:4])
    return _Draft(
        kind="generalist",
        profession="generalist",
        headline=jobs[0].role,
        summary=(
            f"Versatile professional with {years} years in administration, coordination and "
            f"client service, working alongside teams in {p.work}, {fields}. Quick learner, "
            "reliable and well organised."
        ),
        skills=_skills(rng, p, 4)
        + [skill for other in others[:4] for skill in _skills(rng, other, 2)]
        + GENERAL_SKILLS,
        jobs=jobs,
        schools=[("Bachelor of Arts", "General Studies", _school(rng, ""), 2001, 2005)],
        extra=[("Volunteer", rng.sample(GENERAL_DUTIES, 3))],
    )


def _student(rng: random.Random, p: Profession) -> _Draft:
    """A new graduate of general studies applying everywhere, with coursework in every field."""
    others = _others(rng, p, 4)
    jobs = _career(rng, [(p, role) for role, _ in STUDENT_JOBS], 3, (0, 0))
    for job, (_, employer) in zip(jobs, STUDENT_JOBS, strict=True):
        job.company, job.bullets = employer, rng.sample(GENERAL_DUTIES, 2)
    coursework = [f"Introduction to {field.work}" for field in [p, *others]]
    wanted = ", ".join(other.work for other in others[:2])
    return _Draft(
        kind="student",
        profession="student",
        headline="Recent Graduate",
        summary=(
            f"Recent graduate of a general studies program looking for an entry-level position "
            f"in {p.work}, {wanted} or a related field. Eager to learn and hard-working."
        ),
        skills=_skills(rng, p, 3) + [skill for other in others for skill in _skills(rng, other, 2)],
        jobs=jobs,
        schools=[("Bachelor of Arts", "General Studies", _school(rng, ""), 2021, 2025)],
        projects=[rng.choice(p.projects), rng.choice(others[0].projects or p.projects)],
        extra=[("Relevant Coursework", coursework)],
    )


# --- rendering ------------------------------------------------------------------------------------


def _date(month: tuple[int, int] | None, style: int) -> str:
    if month is None:
        return "Present"
    year, number = month
    return DATE_STYLES[style].format(month=MONTHS[number - 1], number=number, year=year)


def _iso(month: tuple[int, int] | None, style: int) -> str | None:
    if month is None:
        return None
    return f"{month[0]}-01-01" if style == YEAR_ONLY else f"{month[0]}-{month[1]:02d}-01"


def _text(draft: _Draft, style: int) -> str:
    jobs = draft.jobs or []
    if draft.paragraph:
        job = jobs[0]
        *some, last = draft.skills or [""]
        skills = f"{', '.join(some)} and {last}"
        return (
            f"{job.role} at {job.company}, {_date(job.start, style)} – {_date(job.end, style)}. "
            f"{draft.summary} "
            f"{' '.join(job.bullets)} Skilled in {skills}."
        )
    lines = [draft.headline, ""]
    if draft.summary:
        lines += ["Summary", draft.summary, ""]
    if draft.skills:
        lines += ["Skills", ", ".join(draft.skills), ""]
    lines.append("Experience")
    for number, job in enumerate(jobs):
        head = [f"{job.role}, {job.company}, {job.location}", f"{job.role} | {job.company}"]
        lines += [head[number % 2], f"{_date(job.start, style)} – {_date(job.end, style)}"]
        lines += [f"- {bullet}" for bullet in job.bullets] + [""]
    if draft.schools:
        lines.append("Education")
        for degree, field, school, start, end in draft.schools:
            lines += [f"{degree}, {field}", f"{school}, {start} – {end}"]
        lines.append("")
    for heading, items in [
        ("Certifications", [f"{name}, {org}" for name, org in draft.certifications or []]),
        ("Projects", [f"{name}: {about}" for name, about in draft.projects or []]),
        *(draft.extra or []),
    ]:
        if items:
            lines += [heading, *(f"- {item}" for item in items), ""]
    return "\n".join(lines).strip() + "\n"


def _parsed_skills(text: str, listed: list[str]) -> list[str]:
    """The skills the resume parser finds (plugins/resume_parser/parser.py `_skills`): the
    vocabulary's names in the skills section, then in the text, then the section's unknown short
    items as written. Line by line, with each line's matches cached: the same duties recur across
    the pool, and matching each whole resume would take seconds."""
    names: list[str] = []
    unknown: list[str] = []
    for item in listed:
        found = _found_in(item, in_skills_section=True)
        names += found
        if not found and item[:1].isupper() and len(item.split()) <= 3:
            unknown.append(item)
    for line in text.splitlines():
        names += _found_in(line, in_skills_section=False)
    names = list(dict.fromkeys(names))
    known = {name.lower() for name in names}
    return names + [item for item in dict.fromkeys(unknown) if item.lower() not in known]


@cache
def _found_in(text: str, *, in_skills_section: bool) -> tuple[str, ...]:
    return tuple(matcher().find(text, in_skills_section=in_skills_section))


def _document(rng: random.Random, number: int, draft: _Draft) -> CandidateDocument:
    style = rng.randrange(len(DATE_STYLES))
    text = _text(draft, style) if draft.parsed else ""
    section = [] if draft.paragraph else draft.skills or []
    parsed_skills = _parsed_skills(text, section) if text else []
    own = list(dict.fromkeys(draft.profile_skills or []))
    known = {name.casefold() for name in own}
    jobs = draft.jobs or []
    modes = ["onsite", "remote", "hybrid"]
    return CandidateDocument(
        candidate_id=number,
        skills=own + [name for name in parsed_skills if name.casefold() not in known],
        work_experience=[
            WorkRecord(
                role=job.role,
                company=job.company,
                start_date=_iso(job.start, style),
                end_date=_iso(job.end, style),
                current=job.end is None,
                description="\n".join(job.bullets),
                location=job.location,
            )
            for job in jobs
        ],
        education=[
            EducationRecord(
                institution=school,
                degree=degree,
                field_of_study=field,
                start_year=start,
                end_year=end,
            )
            for degree, field, school, start, end in draft.schools or []
        ],
        projects=[ProjectRecord(project_name=n, description=d) for n, d in draft.projects or []],
        certifications=[
            CertificationRecord(name=name, issuing_organization=org)
            for name, org in draft.certifications or []
        ],
        languages=["English"] + rng.sample(LANGUAGES, rng.choice([0, 0, 1])),
        summary=draft.summary if draft.parsed else "",  # the core takes it from the parsed resume
        resume_text=text,
        terms=count_terms(text, parsed_skills) if text else {},
        has_parsed_resume=draft.parsed,
        preferences=CandidatePreferences(
            work_modes=sorted(rng.sample(modes, rng.randint(0, 3)), key=modes.index),
            employment_types=rng.choice(
                [[], ["full-time"], ["full-time", "part-time"], ["contract"]]
            ),
            willing_to_relocate=rng.random() < 0.3,
            has_workvisa=rng.random() < 0.85,
            location=_location(rng, draft.profession),
        ),
    )


def _location(rng: random.Random, profession: str) -> str:
    """Half the people of a profession live where its job is; the others anywhere."""
    ad = BY_KEY[profession].ad if profession in BY_KEY else None
    return ad.location if ad and rng.random() < 0.5 else rng.choice(CITIES)
