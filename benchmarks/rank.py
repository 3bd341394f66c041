"""Speed of ranking a job's applicants: the default ranker alone, and whole runs (issue 13).

Whole runs are `rank_candidates` runs against SQLite and PostgreSQL.

    python -m benchmarks.rank --profile               # from the repository root: ~10 min
    python -m benchmarks.rank --parts scoring --sizes 1000,10000
    python -m benchmarks.rank --parts run --database sqlite --run-sizes 1000,10000

It never touches real data. SQLite is a fresh file in a temporary directory (removed at the
end); PostgreSQL is the database `--postgres` names, whose name must contain "bench": it is
dropped and created again before the run and dropped after it.

Scoring (`--sizes`): synthetic pools of CandidateDocuments (fixed seed: seven professions, 10-25
skills, 2-5 dated work records, education, a resume of 200-800 words whose `terms` are
`count_terms(text, skills)` as the parser stores them; one in ten without a parsed resume)
against one job. It times `plugins.ranking.ranker.rank` (median of `--repeat`, with the skill
aliases the hook passes) and the hook path (`provider("rank_candidates")`; one call above
10,000), with the process's CPU time beside the wall time (far less CPU than wall: the machine
was busy). Memory: the tracemalloc peak of one more call, and the largest growth of the
resident set in a timed call (peak RSS, reset before the call, minus RSS before it).

Whole run (`--run-sizes`): for each database a worker process (this script with `--worker`)
migrates, seeds the same people as profiles with skill, work, education and language records,
parsed resume data, text and terms, and one job per size with that many applications, in bulk
and untimed. Then, `--repeat` times per size, it starts a run (`start_run`, enqueued into a
SqliteHuey file that no consumer reads) and times the task's own function
(`execute_run.call_local`: mark running, the handler, record the outcome) end to end, counting
its queries with CaptureQueriesContext (the heartbeat thread's own connection is not counted).
The handler's parts are timed by wrapping `candidate_documents` (load), `_call` (score, the
plugin in its thread), `_entries` (check the answer) and `Ranking.objects.update_or_create`
(store) for the duration of the run. It also times `ranking_data(job)`, what GET ranking-data/
reads. `--profile` adds cProfile's hot spots of one more rank call and one more run. A whole
run at 50,000 works but is slow to set up (seeding 10,000 candidates takes about a minute).

The report is Markdown on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.browse import cpu_model, database_version, log
from platform_core.documents import (
    CandidateDocument,
    CandidatePreferences,
    EducationRecord,
    JobDocument,
    WorkRecord,
)
from platform_core.terms import count_terms

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/etapi_rankbench"
BATCH = 2000
TARGET_SCORING_S, TARGET_SCORING_MB, TARGET_RUN_S = 2.0, 300.0, 6.0

# --- vocabularies ---------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


@dataclass(frozen=True)
class Profession:
    area: str
    titles: list[str]
    skills: list[str]
    duties: list[str]
    fields: list[str]


PROFESSIONS = [
    Profession(
        "building web services and the tools around them",
        _split(
            "Software Developer; Backend Developer; Full Stack Developer; Software Engineer; "
            "DevOps Engineer; QA Analyst"
        ),
        _split(
            "Python; Django; JavaScript; TypeScript; React; PostgreSQL; SQL; Docker; "
            "Kubernetes; AWS; Git; REST APIs; Linux; CI/CD; Java; Go; Redis; GraphQL; "
            "Automated Testing; Node.js; HTML; CSS"
        ),
        _split(
            "Designed and built backend services for the scheduling platform; "
            "Reviewed pull requests and paired with junior developers; "
            "Wrote automated tests and kept the continuous integration pipeline green; "
            "Migrated a legacy monolith to containerised services; "
            "Improved page load times and database query performance; "
            "Took part in the on-call rotation and wrote incident reports; "
            "Built accessible front-end components with keyboard and screen reader support; "
            "Designed REST endpoints and documented them for partner teams; "
            "Automated deployments and infrastructure provisioning; "
            "Profiled slow requests and added caching where it paid off"
        ),
        _split("Computer Science; Software Engineering; Computer Engineering"),
    ),
    Profession(
        "turning operational data into decisions",
        _split(
            "Data Analyst; Data Scientist; Data Engineer; Business Intelligence Analyst; "
            "Research Analyst"
        ),
        _split(
            "Python; SQL; R; Tableau; Power BI; Excel; Statistics; Machine Learning; Pandas; "
            "Spark; Airflow; dbt; Data Visualization; ETL; PostgreSQL; Snowflake; Looker; "
            "A/B Testing; Forecasting"
        ),
        _split(
            "Built dashboards that managers used in weekly planning meetings; "
            "Cleaned, joined and modelled data from several internal systems; "
            "Designed experiments and explained their results in plain language; "
            "Maintained reliable data pipelines with monitoring and alerts; "
            "Trained and evaluated forecasting models for demand planning; "
            "Wrote documentation for the metrics layer and its definitions; "
            "Answered ad hoc questions from finance and operations teams; "
            "Reduced report preparation time by automating extracts"
        ),
        _split("Statistics; Mathematics; Economics; Data Science"),
    ),
    Profession(
        "helping customers by phone, chat and email",
        _split(
            "Customer Support Representative; Customer Success Manager; Call Centre Agent; "
            "Technical Support Specialist; Client Services Coordinator"
        ),
        _split(
            "Customer Service; Zendesk; Salesforce; CRM; Conflict Resolution; "
            "Troubleshooting; Active Listening; Data Entry; Microsoft Office; Live Chat; "
            "Bilingual (English/French); Ticketing Systems; Onboarding; Time Management"
        ),
        _split(
            "Answered customer questions by phone, chat and email; "
            "Resolved escalated tickets and documented the solutions; "
            "Onboarded new clients and checked in with them regularly; "
            "Reported recurring problems to the product group; "
            "Kept response times within the service level agreement; "
            "Trained new agents on the ticketing system and tone of voice; "
            "Wrote help centre articles for the most common questions; "
            "Handled billing disputes calmly and fairly"
        ),
        _split("Business Administration; Communications; Hospitality"),
    ),
    Profession(
        "accounting, payroll and financial reporting",
        _split(
            "Accountant; Bookkeeper; Payroll Administrator; Financial Analyst; "
            "Accounts Payable Clerk"
        ),
        _split(
            "Excel; QuickBooks; Sage; Financial Reporting; Budgeting; Accounts Payable; "
            "Accounts Receivable; Payroll; Reconciliation; IFRS; Auditing; Tax Preparation; "
            "Forecasting; ERP; Microsoft Office"
        ),
        _split(
            "Prepared monthly financial statements and account reconciliations; "
            "Processed bi-weekly payroll for a growing workforce; "
            "Supported the annual budget and the external audit; "
            "Managed vendor invoices and payment runs; "
            "Built forecasting models for cash flow and expenses; "
            "Improved month-end close checklists and controls; "
            "Filed sales tax returns and kept records audit-ready; "
            "Answered employee questions about pay and benefits"
        ),
        _split("Accounting; Finance; Business Administration"),
    ),
    Profession(
        "supporting people in the community",
        _split(
            "Case Manager; Peer Support Worker; Community Health Worker; Social Worker; "
            "Disability Services Coordinator"
        ),
        _split(
            "Case Management; Crisis Intervention; Mental Health First Aid; Documentation; "
            "Sign Language (ASL); Client Advocacy; Motivational Interviewing; "
            "First Aid/CPR; Harm Reduction; Group Facilitation; Trauma-Informed Care; "
            "Community Outreach"
        ),
        _split(
            "Supported clients in reaching their own goals; "
            "Connected people with housing, income and health services; "
            "Kept accurate, confidential case notes; "
            "Delivered workshops in community centres and online; "
            "Responded to crises with calm and practical plans; "
            "Advocated for clients with landlords and agencies; "
            "Coordinated care with nurses, doctors and families; "
            "Ran peer support groups every week"
        ),
        _split("Social Work; Psychology; Community Development"),
    ),
    Profession(
        "warehouse operations and logistics",
        _split(
            "Warehouse Associate; Inventory Clerk; Logistics Coordinator; "
            "Shipping and Receiving Clerk; Operations Supervisor"
        ),
        _split(
            "Inventory Management; Forklift Operation; Shipping and Receiving; WMS; "
            "Order Picking; Health and Safety; Scheduling; SAP; Excel; Teamwork; "
            "Quality Control; Supply Chain; Lean; Route Planning"
        ),
        _split(
            "Received, counted and put away incoming stock; "
            "Picked and packed orders accurately against tight cut-off times; "
            "Planned shifts and delivery routes for the team; "
            "Followed and improved health and safety procedures; "
            "Ran cycle counts and fixed inventory discrepancies; "
            "Trained new staff on equipment and the warehouse system; "
            "Coordinated carriers and tracked late shipments"
        ),
        _split("Supply Chain Management; Business; Logistics"),
    ),
    Profession(
        "writing and marketing that people can read",
        _split(
            "Marketing Coordinator; Content Writer; Communications Specialist; "
            "Social Media Manager; Technical Writer"
        ),
        _split(
            "Copywriting; SEO; Google Analytics; Social Media; Plain Language; "
            "Content Strategy; WordPress; Email Marketing; Editing; Adobe Creative Suite; "
            "Canva; HubSpot; Accessibility"
        ),
        _split(
            "Wrote and edited web pages, newsletters and reports; "
            "Planned campaigns and measured what worked; "
            "Made our content accessible, with alt text and captions; "
            "Managed the social media channels and their calendar; "
            "Rewrote product documentation in plain language; "
            "Grew the newsletter audience with a monthly series; "
            "Worked with designers on brochures and event materials"
        ),
        _split("Communications; Journalism; English; Marketing"),
    ),
]
GENERAL_SKILLS = _split(
    "Communication; Teamwork; Problem Solving; Time Management; Microsoft Office; Leadership; "
    "Attention to Detail; Project Management; Organization; Customer Service"
)
# How some people write a skill; all are aliases the built-in plugins register.
SPELLINGS = {
    "JavaScript": "JS",
    "PostgreSQL": "Postgres",
    "Kubernetes": "k8s",
    "Excel": "MS Excel",
    "Power BI": "PowerBI",
    "Customer Service": "Customer Support",
}
# Appended to a duty; each begins with its own space or comma.
TAILS = [
    " using {skill}",
    " with {skill} and {skill2}",
    " for {count} clients",
    " across {count} sites",
    ", cutting turnaround time by {pct}%",
    ", working closely with the {team} team",
    " and shared the results with the {team} team",
    ", raising satisfaction scores by {pct}%",
    " in a fast-paced environment",
    " for a team of {count}",
    " while mentoring two colleagues",
]
TEAMS = _split("operations; finance; product; design; leadership; sales; quality; support")
SUMMARY_EXTRA = _split(
    "Known for clear communication and steady work under deadlines; "
    "I enjoy learning new tools and sharing what I learn; "
    "Comfortable working remotely or on site with assistive technology; "
    "Looking for a team that values different ways of working; "
    "Organised, patient and careful with details; "
    "Experienced in training others and writing clear documentation"
)
FIRST_NAMES = _split(
    "Amira; Ben; Chloe; Dev; Elena; Farid; Grace; Hiro; Ines; Jonah; Kavya; Liam; Maya; Noah; "
    "Olu; Priya; Quinn; Rosa; Sami; Tara; Umar; Vera; Wen; Xavier; Yara; Zoe"
)
LAST_NAMES = _split(
    "Singh; Tremblay; Nguyen; Okafor; Roy; Chen; Gagnon; Patel; Martin; Ali; Kowalski; Haddad; "
    "Bouchard; Santos; Park; Murphy; Ibrahim; Leblanc; Wong; Fraser"
)
CITIES = _split(
    "Toronto, ON; Mississauga, ON; Ottawa, ON; Hamilton, ON; Montreal, QC; Vancouver, BC; "
    "Calgary, AB; Edmonton, AB; Winnipeg, MB; Halifax, NS; Remote (Canada); Toronto, Ontario"
)
COMPANIES = [
    f"{word} {kind}"
    for word in _split("Maple; Northern; Lakeshore; Aurora; Cedar; Harbour; Summit; Prairie")
    for kind in _split("Health; Analytics; Logistics; Software; Foods; Insurance; Media; Bank")
]
SCHOOLS = _split(
    "University of Toronto; York University; Seneca College; McGill University; "
    "University of British Columbia; George Brown College; Dalhousie University; "
    "University of Calgary; Humber College; Carleton University"
)
DEGREES = _split("Bachelor of Science; Bachelor of Arts; Diploma; Certificate; Master of Science")
LANGUAGES = _split("French; Spanish; Punjabi; Mandarin; Arabic; American Sign Language")
WORK_MODES = ["onsite", "remote", "hybrid"]
JOB_KINDS = ["full-time", "part-time", "contract", "temporary"]

JOB_TITLE = "Backend Software Developer"
JOB_SKILLS = ["Python", "Django", "PostgreSQL", "REST APIs", "Docker", "AWS", "Git"]
JOB_DESCRIPTION = (
    "We are a small product team building scheduling and accessibility tools used by hundreds of "
    "community clinics across Canada. As a backend developer you will design and build the "
    "Python services behind our web and mobile apps, own features from the first design "
    "discussion to production, and review your teammates' code. Our stack is Django and "
    "PostgreSQL on AWS, deployed in Docker containers with GitHub Actions; the front end is "
    "React with TypeScript. We value clear written communication, thoughtful API design, "
    "automated tests and an on-call rotation kept calm by good monitoring. You have shipped and "
    "maintained web services in production for at least three years and are comfortable "
    "reasoning about performance and data models. We provide workplace accommodations "
    "throughout the hiring process and on the job, and interviews can be held by video, phone "
    "or in writing."
)


# --- people ---------------------------------------------------------------------------------------


@dataclass
class Person:
    """One synthetic candidate, as plain data both parts build from."""

    first: str
    last: str
    city: str
    skills: list[str]
    work: list[dict[str, Any]]
    education: list[dict[str, Any]]
    languages: list[str]
    summary: str
    body: str  # the resume's text without name and contact line ("" without a parsed resume)
    terms: dict[str, int]
    work_modes: list[str]
    employment_types: list[str]
    relocate: bool
    visa: bool

    @property
    def parsed(self) -> bool:
        return bool(self.body)

    def resume_text(self, index: int) -> str:
        contact = f"{self.first.lower()}.{index}@example.com | +1 416 555 {index % 10000:04d}"
        return f"{self.first} {self.last}\n{contact} | {self.city}\n{self.body}"


class _Draw:
    """Random picks from a seeded generator, cheaper than `random.choice` (setup time at 50k)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (test data, not secrets)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def sample(self, items: list[Any], k: int) -> list[Any]:
        return self.rng.sample(items, k=k)


def _choose_skills(draw: _Draw, own: Profession) -> list[str]:
    other = draw.pick(PROFESSIONS)
    wanted = draw.between(10, 25)
    pool = draw.sample(own.skills, min(len(own.skills), round(wanted * 0.7)))
    pool += draw.sample(other.skills, min(len(other.skills), wanted // 5))
    pool += draw.sample(GENERAL_SKILLS, 4)
    chosen: dict[str, str] = {}
    for name in pool:
        written = SPELLINGS.get(name, name) if draw.chance(0.15) else name
        chosen.setdefault(written.casefold(), written)
        if len(chosen) == wanted:
            break
    return list(chosen.values())


def _bullet(draw: _Draw, profession: Profession, skills: list[str]) -> str:
    text = draw.pick(profession.duties)
    if draw.chance(0.7):
        text += draw.pick(TAILS).format(
            skill=draw.pick(skills),
            skill2=draw.pick(skills),
            count=draw.between(3, 40),
            pct=draw.between(5, 45),
            team=draw.pick(TEAMS),
        )
    return text + "."


def make_person(draw: _Draw, job_profession: Profession) -> Person:
    own = job_profession if draw.chance(0.35) else draw.pick(PROFESSIONS)
    skills = _choose_skills(draw, own)
    end = date(2025, 6, 1) - timedelta(days=draw.between(0, 300))
    current = draw.chance(0.6)
    work, bullets, headings = [], [], []
    for position in range(draw.between(2, 5)):
        # The earliest records of a career changer are from another profession.
        profession = own if position < 2 or draw.chance(0.7) else draw.pick(PROFESSIONS)
        start = end - timedelta(days=draw.between(180, 6 * 365))
        is_current = position == 0 and current
        record = {
            "role": draw.pick(profession.titles),
            "company": draw.pick(COMPANIES),
            "start_date": start,
            "end_date": None if is_current else end,
            "current": is_current,
            "location": draw.pick(CITIES),
        }
        until = "Present" if is_current else end.strftime("%b %Y")
        headings.append(f"{record['role']}, {record['company']} ({start:%b %Y} - {until})")
        bullets.append((profession, [_bullet(draw, profession, skills) for _ in range(2)]))
        work.append(record)
        end = start - timedelta(days=draw.between(0, 200))
    years = max(1, (date(2025, 6, 1) - work[-1]["start_date"]).days // 365)
    summary = (
        f"{work[0]['role']} with {years} years of experience in {own.area}. "
        + ". ".join(draw.sample(SUMMARY_EXTRA, draw.between(1, 3)))
        + "."
    )
    education = []
    for _ in range(draw.pick((1, 1, 2))):
        finished = draw.between(1995, 2022)
        education.append(
            {
                "institution": draw.pick(SCHOOLS),
                "degree": draw.pick(DEGREES),
                "field_of_study": draw.pick(own.fields),
                "start_year": finished - draw.between(1, 4),
                "end_year": finished,
            }
        )
    languages = ["English", *draw.sample(LANGUAGES, draw.pick((0, 0, 1, 2)))]
    schooling = [
        f"{e['degree']}, {e['field_of_study']}, {e['institution']}, "
        f"{e['start_year']}-{e['end_year']}"
        for e in education
    ]
    ending = ["Education", *schooling, "Skills", ", ".join(skills), "Languages"]
    ending.append(", ".join(languages))
    opening = [work[0]["role"], "Summary", summary, "Experience"]
    words = sum(len(line.split()) for line in (*opening, *headings, *ending))
    words += sum(len(b.split()) for _, written in bullets for b in written)
    target = draw.between(200, 800)
    while words < target:
        profession, written = draw.pick(bullets)
        written.append(_bullet(draw, profession, skills))
        words += len(written[-1].split())
    lines = opening
    for record, heading, (_, written) in zip(work, headings, bullets, strict=True):
        record["description"] = "\n".join(written)
        lines += [heading, *written]
    body = "\n".join(lines + ending)

    parsed = draw.chance(0.9)
    return Person(
        first=draw.pick(FIRST_NAMES),
        last=draw.pick(LAST_NAMES),
        city=draw.pick(CITIES),
        skills=skills,
        work=work,
        education=education,
        languages=languages,
        summary=summary if parsed else "",
        body=body if parsed else "",
        terms=count_terms(body, skills) if parsed else {},
        work_modes=draw.sample(WORK_MODES, draw.between(0, 3)),
        employment_types=draw.sample(JOB_KINDS, draw.between(0, 2)),
        relocate=draw.chance(0.3),
        visa=draw.chance(0.8),
    )


def make_people(count: int, seed: int) -> list[Person]:
    draw = _Draw(seed)
    return [make_person(draw, PROFESSIONS[0]) for _ in range(count)]


def job_document() -> JobDocument:
    # As apps.jobs.ranking.job_document_of builds it from the job row the worker seeds.
    return JobDocument(
        id=1,
        title=JOB_TITLE,
        description=JOB_DESCRIPTION,
        skills=JOB_SKILLS,
        location="Toronto, ON",
        workplace_type="hybrid",
        job_type="full-time",
        terms=count_terms(f"{JOB_TITLE}\n{JOB_TITLE}\n{JOB_DESCRIPTION}", JOB_SKILLS),
    )


def candidate_document(person: Person, candidate_id: int) -> CandidateDocument:
    """What apps.candidates.documents builds from the rows the worker seeds for `person`."""
    return CandidateDocument(
        candidate_id=candidate_id,
        application_id=candidate_id,
        skills=person.skills,
        work_experience=[
            WorkRecord(
                role=w["role"],
                company=w["company"],
                start_date=w["start_date"].isoformat(),
                end_date=w["end_date"].isoformat() if w["end_date"] else None,
                current=w["current"],
                description=w["description"],
                location=w["location"],
            )
            for w in person.work
        ],
        education=[EducationRecord(**e) for e in person.education],
        languages=person.languages,
        summary=person.summary,
        resume_text=person.body,
        terms=person.terms,
        has_parsed_resume=person.parsed,
        preferences=CandidatePreferences(
            work_modes=person.work_modes,
            employment_types=person.employment_types,
            willing_to_relocate=person.relocate,
            has_workvisa=person.visa,
            location=person.city,
        ),
    )


# --- measuring helpers ----------------------------------------------------------------------------


def _status_mb(name: str) -> float:
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return math.nan
    return next((int(x.split()[1]) / 1024 for x in lines if x.startswith(f"{name}:")), math.nan)


@contextmanager
def rss_growth() -> Iterator[dict[str, float]]:
    """The process's peak resident set during the block minus its resident set before, in MB
    (Linux: the peak is reset through /proc/self/clear_refs; NaN where that is not possible)."""
    out: dict[str, float] = {}
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_mb("VmRSS")
    except OSError:
        before = math.nan
    yield out
    out["mb"] = _status_mb("VmHWM") - before


@dataclass
class Calls:
    """`repeat` calls of one function: wall and CPU seconds of each (CPU time is the process's,
    all threads: far below wall time means the machine was busy), the largest RSS growth of
    one, and the last result."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    result: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def timed(function: Callable[[], Any], repeat: int) -> Calls:
    calls = Calls()
    for _ in range(repeat):
        with rss_growth() as rss:
            started, cpu = time.perf_counter(), time.process_time()
            calls.result = function()
            calls.wall.append(time.perf_counter() - started)
            calls.cpu.append(time.process_time() - cpu)
        calls.rss_mb = max(calls.rss_mb, rss["mb"])
    return calls


def reference_seconds() -> float:
    """A fixed pure-Python loop, to compare this machine's speed at a moment with another's."""
    started = time.perf_counter()
    sum(i * i for i in range(10**7))
    return time.perf_counter() - started


def hot_spots(function: Callable[[], Any], limit: int = 18) -> str:
    profile = cProfile.Profile()
    profile.runcall(function)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(limit)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(ROOT) + "/", "") for line in lines[start:] if line.strip())


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


# --- part 1: scoring ------------------------------------------------------------------------------


def measure_scoring(sizes: list[int], repeat: int, seed: int, profile: bool) -> dict[str, Any]:
    from platform_core.plugins import get_manager, provider
    from plugins.ranking.ranker import rank

    started = time.perf_counter()
    people = make_people(max(sizes), seed)
    pool = [candidate_document(person, i + 1) for i, person in enumerate(people)]
    del people
    job = job_document()
    built = time.perf_counter() - started
    words = [len(c.resume_text.split()) for c in pool[:1000] if c.has_parsed_resume]
    terms = [len(c.terms) for c in pool[:1000] if c.has_parsed_resume]
    log(f"built {len(pool)} candidate documents in {built:.1f} s")
    aliases = get_manager().skill_aliases()
    hook = provider("rank_candidates")
    rows = []
    for size in sizes:
        candidates = pool[:size]
        log(f"scoring {size} candidates ...")
        direct = timed(lambda c=candidates: rank(job, c, aliases=aliases), repeat)
        gc.collect()
        tracemalloc.start()
        rank(job, candidates, aliases=aliases)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        # One hook call above 10,000: it is `rank` behind a plugin lookup, and slow there.
        calls = repeat if size <= 10000 else 1
        hooked = timed(lambda c=candidates: hook(job=job, candidates=c), calls)
        order = [r.candidate_id for r in direct.result]
        rows.append(
            {
                "n": size,
                "seconds": direct.median,
                "cpu": direct.median_cpu,
                "all": direct.wall,
                "hook_seconds": hooked.median,
                "hook_same": len(order) == size
                and order == [r.candidate_id for r in hooked.result],
                "peak_mb": peak,
                "rss_mb": direct.rss_mb,
            }
        )
    result: dict[str, Any] = {
        "rows": rows,
        "built_seconds": built,
        "words": (min(words), statistics.median(words), max(words)),
        "terms": (min(terms), statistics.median(terms), max(terms)),
        "skills": statistics.median(len(c.skills) for c in pool[:1000]),
        "hook": f"{hook.name} {hook.version}",
    }
    if profile:
        candidates = pool[: min(10000, max(sizes))]
        result["profile_n"] = len(candidates)
        result["profile"] = hot_spots(lambda: rank(job, candidates, aliases=aliases))
    return result


# --- part 2: the whole run, in a worker process per database --------------------------------------


def seed_people(people: list[Person]) -> list[int]:
    """The people as users, profiles and records, in bulk; their profile ids in order."""
    from django.db import transaction

    from apps.accounts.models import Profile, User
    from apps.candidates.models import CandidateProfile, Education, Language, Skill, WorkExperience

    ids: list[int] = []
    for offset in range(0, len(people), BATCH):
        chunk = people[offset : offset + BATCH]
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"rankbench-{offset + i}@example.com",
                    first_name=p.first,
                    last_name=p.last,
                    password="!",  # unusable: nobody signs in as these
                    is_verified=True,
                )
                for i, p in enumerate(chunk)
            )
            Profile.objects.bulk_create(
                Profile(user=user, location=p.city) for user, p in zip(users, chunk, strict=True)
            )
            profiles = CandidateProfile.objects.bulk_create(
                CandidateProfile(
                    user=user,
                    slug=f"rankbench-{offset + i}",
                    resume_data=_resume_data(p) if p.parsed else None,
                    resume_text=p.resume_text(offset + i) if p.parsed else "",
                    resume_terms=p.terms,
                    willing_to_relocate=p.relocate,
                    employment_type_preferences=p.employment_types,
                    work_mode_preferences=p.work_modes,
                    has_workvisa=p.visa,
                )
                for i, (user, p) in enumerate(zip(users, chunk, strict=True))
            )
            records = {Skill: [], WorkExperience: [], Education: [], Language: []}
            for profile, p in zip(profiles, chunk, strict=True):
                records[Skill] += [Skill(profile=profile, name=name) for name in p.skills]
                records[WorkExperience] += [WorkExperience(profile=profile, **w) for w in p.work]
                records[Education] += [
                    Education(
                        profile=profile,
                        institution=e["institution"],
                        course_name=e["degree"],
                        major=e["field_of_study"],
                        start_year=e["start_year"],
                        end_year=e["end_year"],
                    )
                    for e in p.education
                ]
                records[Language] += [Language(profile=profile, language=n) for n in p.languages]
            for model, rows in records.items():
                for row in rows:
                    row.prepare()  # what save() derives (a skill's key)
                model.objects.bulk_create(rows, batch_size=BATCH)
        ids += [profile.pk for profile in profiles]
    return ids


def _resume_data(p: Person) -> dict[str, Any]:
    """Contract section 7's resume_data, as a parse stores it."""
    return {
        "personal_info": {
            "first_name": p.first,
            "last_name": p.last,
            "full_name": f"{p.first} {p.last}",
            "location": p.city,
        },
        "summary": p.summary,
        "skills": p.skills,
        "work_experience": [
            {
                **w,
                "start_date": w["start_date"].isoformat(),
                "end_date": w["end_date"].isoformat() if w["end_date"] else None,
            }
            for w in p.work
        ],
        "education": [
            {
                "institution": e["institution"],
                "degree": e["degree"],
                "field_of_study": e["field_of_study"],
                "start_date": f"{e['start_year']}-09-01",
                "end_date": f"{e['end_year']}-06-01",
            }
            for e in p.education
        ],
        "languages": [{"language": name} for name in p.languages],
        "projects": [],
        "certifications": [],
        "achievements": [],
    }


def seed_job(organization, profile_ids: list[int]):
    """A job like the scoring part's, with an application from each of `profile_ids`."""
    from apps.jobs.models import Application, JobPost, JobSkill, JobType, WorkplaceType
    from platform_core.schemas import skill_key

    job = JobPost.objects.create(
        organization=organization,
        title=JOB_TITLE,
        job_desc=JOB_DESCRIPTION,
        workplace_type=WorkplaceType.HYBRID,
        location="Toronto, ON",
        job_type=JobType.FULL_TIME,
    )
    job.skills.set(
        JobSkill.objects.get_or_create(key=skill_key(name), defaults={"name": name})[0]
        for name in JOB_SKILLS
    )
    Application.objects.bulk_create(
        (Application(job=job, candidate_id=pk) for pk in profile_ids), batch_size=BATCH
    )
    return job


@dataclass
class Phases:
    """Wall time inside the handler's parts, by wrapping them for the duration of a run."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def wrapped(self) -> Iterator[None]:
        from apps.jobs import ranking
        from apps.jobs.models import Ranking

        parts = {
            "load": (ranking, "candidate_documents"),
            "score": (ranking, "_call"),
            "check": (ranking, "_entries"),
            "store": (Ranking.objects, "update_or_create"),
        }
        with ExitStack() as stack:
            for part, (owner, name) in parts.items():
                stack.enter_context(
                    mock.patch.object(owner, name, self._timing(part, getattr(owner, name)))
                )
            yield

    def _timing(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - started

        return wrapper


def measure_run(job, size: int, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.jobs.models import Ranking
    from apps.jobs.ranking import KIND, ranking_data
    from platform_core.runs import start_run
    from platform_core.tasks import execute_run

    runs = []
    for _ in range(repeat):
        run, _created = start_run(KIND, job)
        phases = Phases()
        with phases.wrapped(), CaptureQueriesContext(connection) as captured:
            calls = timed(lambda r=run: execute_run.call_local(r.pk), 1)
        if calls.result != "succeeded":
            run.refresh_from_db()
            sys.exit(f"the ranking run of {size} applicants ended {calls.result}: {run.error}")
        runs.append(
            {
                "seconds": calls.wall[0],
                "cpu": calls.cpu[0],
                "phases": phases.seconds,
                "queries": len(captured.captured_queries),
                "rss_mb": calls.rss_mb,
                "sql": [(q["sql"][:90], float(q["time"])) for q in captured.captured_queries],
            }
        )
    ranked = Ranking.objects.get(job=job).ranked_count
    with CaptureQueriesContext(connection) as captured:
        listed = len(ranking_data(job).ranked_candidates)
    if ranked != size or listed != size:
        sys.exit(f"the ranking holds {ranked} entries and ranking-data lists {listed}, not {size}")
    data = timed(lambda: ranking_data(job), repeat)
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {
        "n": size,
        **{key: median[key] for key in ("seconds", "cpu", "phases", "sql")},
        "all": [r["seconds"] for r in runs],
        "queries": [r["queries"] for r in runs],
        "rss_mb": max(r["rss_mb"] for r in runs),
        "data_seconds": data.median,
        "data_queries": len(captured.captured_queries),
    }


def worker(args) -> None:
    """One database: migrate, seed, measure; the results as JSON into `args.out`."""
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from apps.jobs.ranking import KIND
    from apps.organizations.models import Organization
    from platform_core.runs import start_run
    from platform_core.tasks import execute_run

    sizes = sorted(args.run_sizes)
    log(f"[{connection.vendor}] migrating ...")
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    people = make_people(max(sizes), args.seed)
    generated = time.perf_counter() - started
    log(f"[{connection.vendor}] seeding {len(people)} candidates ...")
    started = time.perf_counter()
    profile_ids = seed_people(people)
    del people
    organization = Organization.objects.create(name="Rankbench Clinics")
    jobs = {size: seed_job(organization, profile_ids[:size]) for size in sizes}
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    rows = []
    for size in sizes:
        log(f"[{connection.vendor}] ranking {size} applicants, {args.repeat} runs ...")
        rows.append(measure_run(jobs[size], size, args.repeat))
    result: dict[str, Any] = {
        "database": database_version(),
        "generated_seconds": generated,
        "seeded_seconds": seeded,
        "rows": rows,
    }
    if args.profile:
        job = jobs[max(sizes)]
        run, _created = start_run(KIND, job)
        result["profile_n"] = max(sizes)
        result["profile"] = hot_spots(lambda: execute_run.call_local(run.pk))
    Path(args.out).write_text(json.dumps(result))


def _postgres(url: str, statement: str) -> None:
    """Run `statement` (CREATE / DROP DATABASE) on the server's `postgres` database."""
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def run_worker(database: str, args, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{database}.json"
    env = {**os.environ, "HUEY_SQLITE_PATH": str(workdir / f"huey-{database}.db")}
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'rankbench.sqlite3'}"
    else:
        name = args.postgres.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit(
                f'Refusing to run: --postgres names database {name!r}; it must contain "bench".'
            )
        _postgres(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        _postgres(args.postgres, f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = args.postgres
    command = [sys.executable, "-m", "benchmarks.rank", "--worker", "--out", str(out)]
    command += ["--run-sizes", ",".join(map(str, args.run_sizes)), "--repeat", str(args.repeat)]
    command += ["--seed", str(args.seed)] + (["--profile"] if args.profile else [])
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (this script)
    finally:
        if database == "postgres":
            _postgres(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
    return json.loads(out.read_text())


# --- report ---------------------------------------------------------------------------------------


def _yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, numbers (every column but the ones named `... s, each`) right-aligned."""
    align = ["---" if "each" in title else "---:" for title in header]
    return [f"| {' | '.join(line)} |" for line in (header, align, *rows)]


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def _summary(scoring: dict | None, whole: dict[str, dict]) -> list[str]:
    scored = {row["n"]: row for row in scoring["rows"]} if scoring else {}
    runs = {db: {row["n"]: row for row in result["rows"]} for db, result in whole.items()}
    sizes = sorted({*scored, *(n for by_n in runs.values() for n in by_n)})
    header = ["N", "scoring s", "peak MB", *(f"whole run s, {db}" for db in whole)]
    rows = []
    for n in sizes:
        row = scored.get(n)
        cells = [f"{n:,}", f"{row['seconds']:.2f}" if row else "–"]
        cells.append(f"{max(row['peak_mb'], row['rss_mb']):.0f}" if row else "–")
        cells += [f"{by_n[n]['seconds']:.2f}" if n in by_n else "–" for by_n in runs.values()]
        counts = sorted({q for by_n in runs.values() if n in by_n for q in by_n[n]["queries"]})
        rows.append([*cells, ", ".join(map(str, counts)) or "–"])
    return _table([*header, "queries per run"], rows)


def _scoring(scoring: dict) -> list[str]:
    out = ["", "### Scoring alone (no database)", ""]
    words, terms = scoring["words"], scoring["terms"]
    out.append(
        f"Pool: median {scoring['skills']:.0f} skills; parsed resumes of {words[0]}-{words[2]} "
        f"words (median {words[1]:.0f}) with {terms[0]}-{terms[2]} distinct terms (median "
        f"{terms[1]:.0f}); built in {scoring['built_seconds']:.0f} s. Plugin {scoring['hook']}."
    )
    header = ["N", "`rank` s", "CPU s", "all runs s, each", "ms per 1,000", "hook path s"]
    header += ["same order", "tracemalloc peak MB", "RSS growth MB"]
    rows = [
        [
            f"{row['n']:,}",
            f"{row['seconds']:.2f}",
            f"{row['cpu']:.2f}",
            _seconds(row["all"]),
            f"{1e6 * row['seconds'] / row['n']:.0f}",
            f"{row['hook_seconds']:.2f}",
            _yes(row["hook_same"]),
            f"{row['peak_mb']:.0f}",
            f"{row['rss_mb']:.0f}",
        ]
        for row in scoring["rows"]
    ]
    out += ["", *_table(header, rows)]
    ten = next((row for row in scoring["rows"] if row["n"] == 10000), None)
    if ten:
        memory = max(ten["peak_mb"], ten["rss_mb"])
        out.append(
            f"\nTargets at 10,000: <= {TARGET_SCORING_S:g} s: "
            f"{_yes(ten['seconds'] <= TARGET_SCORING_S)} ({ten['seconds']:.2f} s); "
            f"<= {TARGET_SCORING_MB:g} MB: {_yes(memory <= TARGET_SCORING_MB)} ({memory:.0f} MB)."
        )
    if "profile" in scoring:
        out += ["", f"cProfile of one `rank` call at {scoring['profile_n']:,}, by own time:", ""]
        out += [f"    {line}" for line in scoring["profile"].splitlines()]
    return out


def _whole_run(result: dict) -> list[str]:
    largest = result["rows"][-1]
    out = ["", f"### Whole run: {result['database']}", ""]
    out.append(
        f"Seeding (untimed): {result['seeded_seconds']:.0f} s for {largest['n']:,} candidates "
        f"with their records and {sum(r['n'] for r in result['rows']):,} applications, after "
        f"{result['generated_seconds']:.0f} s generating them."
    )
    header = ["N", "run s", "CPU s", "all runs s, each", "load", "score", "check", "store"]
    header += ["rest", "queries, each", "RSS growth MB", "`ranking_data` s", "its queries"]
    rows = []
    for row in result["rows"]:
        phases = row["phases"]
        rows.append(
            [
                f"{row['n']:,}",
                f"{row['seconds']:.2f}",
                f"{row['cpu']:.2f}",
                _seconds(row["all"]),
                *(f"{phases.get(part, 0.0):.2f}" for part in ("load", "score", "check", "store")),
                f"{row['seconds'] - sum(phases.values()):.2f}",
                ", ".join(map(str, row["queries"])),
                f"{row['rss_mb']:.0f}",
                f"{row['data_seconds']:.2f}",
                str(row["data_queries"]),
            ]
        )
    out += ["", *_table(header, rows), ""]
    # Run by run: a job's first ranking inserts its Ranking row, later ones update it.
    same = len({tuple(row["queries"]) for row in result["rows"]}) == 1
    verdict = f"Queries the same for every N, run by run: {_yes(same)}."
    ten = next((row for row in result["rows"] if row["n"] == 10000), None)
    if ten:
        verdict += (
            f" Target at 10,000: <= {TARGET_RUN_S:g} s: {_yes(ten['seconds'] <= TARGET_RUN_S)} "
            f"({ten['seconds']:.2f} s)."
        )
    out += [verdict, "", f"The queries of one run at {largest['n']:,} (ms, SQL):", ""]
    out += [f"    {1000 * seconds:7.1f}  {sql}" for sql, seconds in largest["sql"]]
    if "profile" in result:
        out += ["", f"cProfile of one more run at {result['profile_n']:,}, by own time:", ""]
        out += [f"    {line}" for line in result["profile"].splitlines()]
    return out


def report(scoring: dict | None, whole: dict[str, dict], context: dict[str, Any]) -> str:
    import django

    versions = "".join(f", {result['database']}" for result in whole.values())
    out = [
        "## Ranking speed: `benchmarks/rank.py`",
        "",
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}{versions}",
        f"- load average before: {context['load_before']}; after: {load()}",
        "- reference loop (`sum(i * i for i in range(10**7))`, one core): "
        f"{context['reference_before']:.2f} s before, {reference_seconds():.2f} s after",
        f"- command: `{context['command']}`",
        "",
        *_summary(scoring, whole),
    ]
    if scoring:
        out += _scoring(scoring)
    for result in whole.values():
        out += _whole_run(result)
    return "\n".join(out)


# --- main -----------------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def prepare_environment(workdir: Path) -> None:
    """Settings before Django starts: settings.dev with DEBUG off, no Redis, tasks only queued."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # don't create var/secret_key
    os.environ["HUEY_IMMEDIATE"] = "false"
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("HUEY_SQLITE_PATH", str(workdir / "huey.db"))
    # The scoring part needs settings and plugins, never a database.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'unused.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[1000, 10000, 50000],
        help="pool sizes to score (default 1000,10000,50000)",
    )
    parser.add_argument(
        "--run-sizes",
        type=_sizes,
        default=[1000, 10000],
        help="applicant counts of the whole run (default 1000,10000)",
    )
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--parts", default="scoring,run", help="scoring, run, or both (default scoring,run)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed calls per row (median)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the data")
    parser.add_argument("--postgres", default=POSTGRES, help=f"bench database (default {POSTGRES})")
    parser.add_argument("--profile", action="store_true", help="add cProfile hot spots")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        worker(args)
        return
    parts = set(args.parts.split(","))
    if not parts <= {"scoring", "run"}:
        parser.error(f"--parts takes scoring and/or run, not {args.parts!r}")
    workdir = Path(tempfile.mkdtemp(prefix="etapi_rankbench_"))
    try:
        prepare_environment(workdir)
        import django

        django.setup()
        context = {
            "load_before": load(),
            "reference_before": reference_seconds(),
            "command": " ".join(["python -m benchmarks.rank", *sys.argv[1:]]),
        }
        scoring = None
        if "scoring" in parts:
            scoring = measure_scoring(args.sizes, args.repeat, args.seed, args.profile)
        whole = {}
        if "run" in parts:
            databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
            for database in databases:
                whole[database] = run_worker(database, args, workdir)
        print(report(scoring, whole, context), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        log(f"removed {workdir}")


if __name__ == "__main__":
    main()
