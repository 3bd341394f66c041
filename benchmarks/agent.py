"""Speed of the talent-search agent (issue 13): `apps.jobs.agent.search` over 1,000, 10,000 and
100,000 candidate profiles. Target: <= 300 ms p50 at 100,000 on PostgreSQL.

    python -m benchmarks.agent                                  # from the repository root
    python -m benchmarks.agent --profiles 100000 --database sqlite
    python -m benchmarks.agent --profiles 1000,10000 --repeat 10

It never touches real data. PostgreSQL is the database `--postgres` names (its name must contain
"bench"): dropped and created again before the run, dropped after it unless `--keep`. `--reuse`
measures the database a `--keep` run left, after `migrate`, and keeps it: a new index or query is
measured in under a minute instead of eight, without seeding again (sizes below what the
database holds are skipped). SQLite is a fresh file in a temporary directory, removed at the end.

Steps: migrate; create one organization with an employer (its owner) and one job; then grow the
candidates in steps, to each size of `--profiles` in turn, so every size is measured on tables
really that big (the smaller sizes are not a visibility trick over the big table). Each
candidate is a user with a precomputed password hash, a location among 30 cities, a profile
(92% available; work mode, job type and relocation preferences; a resume of 200-600 words,
stored as a parse stores it: resume_text without contact details and names (`scrub`),
resume_terms = `count_terms(text, skills)`, resume_data {"skills": [...]}), 5-20 Skill records
from one of nine professions, 1-4 dated WorkExperience records, education and languages; one in
500 has applied to the employer's job (so the scope's applicants subquery has rows). All in
`bulk_create` batches, untimed; VACUUM ANALYZE after each step on PostgreSQL.

At each size, for each query of QUERIES: `--warmup` untimed calls, then `--repeat` timed calls
of `search(employer, text, {"request": None})`, in process (no HTTP: the service the endpoint
calls), the employer loaded afresh before each call as a request would load it. One more call,
not timed with the others, counts the SQL queries (CaptureQueriesContext) and splits the time:
reading the query, the pool (one or two queries), building the CandidateDocuments, ranking, and
the rest. At the largest size it adds EXPLAIN ANALYZE of each query's pool SQL (execution and JIT
time; the whole plan of the slowest) and cProfile's hot spots of the slowest query.

The report is Markdown on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.browse import cpu_model, database_version, log, percentile
from benchmarks.rank import _postgres, _sizes, _split, hot_spots, load
from platform_core.terms import count_terms

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/etapi_agentbench"
BATCH = 5000
TARGET_MS = 300.0
TARGET_PROFILES = 100_000
OWNER_EMAIL = "owner@agentbench.example"

QUERIES = [
    "React developer in Toronto",
    "senior Python engineer remote 5+ years",
    "nurse",
    "data analyst with SQL and Tableau",
    "part-time graphic designer in Vancouver",
    "compassionate caregiver experienced with seniors and families",  # no skill: keywords only
    "Microsoft Office and Excel",  # skills most people list
    "bookkeeper with QuickBooks and payroll in Calgary, full-time",
    "junior warehouse associate with forklift operation in Mississauga",
    (
        "We are hiring a senior full stack developer for our accessibility team in Toronto, "
        "hybrid, full-time, at least 5 years of experience. You will build React and Node.js "
        "front ends and Python and Django services on PostgreSQL, deployed with Docker and "
        "Kubernetes on AWS. Experience with WCAG audits, screen readers, automated testing and "
        "CI/CD is a strong asset; clear writing, mentoring and a calm approach to on-call work "
        "matter to us. Bilingual English and French candidates are welcome; we provide"
    ),
]

# --- vocabularies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profession:
    weight: int  # how common such candidates are
    area: str
    titles: list[str]
    skills: list[str]  # most are canonical skill names of the built-in plugins
    duties: list[str]


PROFESSIONS = [
    Profession(
        16,
        "building web applications",
        _split(
            "Software Developer; Frontend Developer; Backend Developer; Full Stack Developer; "
            "Software Engineer; DevOps Engineer"
        ),
        _split(
            "Python; Django; JavaScript; TypeScript; React; Node.js; PostgreSQL; SQL; Docker; "
            "Kubernetes; AWS; Git; REST APIs; Linux; CI/CD; Go; HTML; CSS; Vue.js; "
            "Test-Driven Development; Accessibility; WCAG"
        ),
        _split(
            "Built and maintained web services used by thousands of customers; "
            "Reviewed pull requests and paired with junior developers; "
            "Wrote automated tests and kept the continuous integration pipeline green; "
            "Built accessible front-end components with keyboard and screen reader support; "
            "Migrated a legacy monolith to containerised services; "
            "Improved page load times and database query performance; "
            "Designed REST endpoints and documented them for partner teams"
        ),
    ),
    Profession(
        10,
        "turning data into decisions",
        _split("Data Analyst; Data Scientist; Data Engineer; Business Intelligence Analyst"),
        _split(
            "Python; SQL; R; Tableau; Power BI; Excel; Statistics; Machine Learning; "
            "Data Analysis; Data Visualization; Spark; Airflow; PostgreSQL; BigQuery; "
            "A/B Testing; Jupyter; scikit-learn; SPSS"
        ),
        _split(
            "Built dashboards that managers used in weekly planning meetings; "
            "Cleaned, joined and modelled data from several internal systems; "
            "Designed experiments and explained their results in plain language; "
            "Maintained reliable data pipelines with monitoring and alerts; "
            "Trained and evaluated forecasting models for demand planning"
        ),
    ),
    Profession(
        12,
        "patient care in hospitals and clinics",
        _split(
            "Registered Nurse; Licensed Practical Nurse; Nurse Practitioner; "
            "Personal Support Worker; Home Care Nurse"
        ),
        _split(
            "Basic Life Support; CPR; Advanced Cardiac Life Support; Electronic Health Records; "
            "Epic; Home Care; Patient Care; Medication Administration; Wound Care; "
            "Infection Control; Triage; Communication; Medical Coding; Documentation"
        ),
        _split(
            "Provided patient care to adults on a busy medical and surgical unit; "
            "Administered medication and monitored patients after surgery; "
            "Charted assessments in the electronic health record; "
            "Educated patients and families about discharge plans; "
            "Supported seniors at home with daily living and wound care; "
            "Worked with doctors, therapists and families on care plans"
        ),
    ),
    Profession(
        7,
        "visual and interaction design",
        _split("Graphic Designer; UX Designer; UI Designer; Product Designer; Web Designer"),
        _split(
            "Adobe Photoshop; Adobe Illustrator; Adobe InDesign; Adobe Creative Suite; Figma; "
            "UX Design; UI Design; UX Research; Wireframing; Usability Testing; Branding; "
            "Accessibility; WCAG; HTML; CSS; Typography"
        ),
        _split(
            "Designed brochures, posters and social media graphics for campaigns; "
            "Ran usability sessions with people who use assistive technology; "
            "Created wireframes and prototypes that scaled into a design system; "
            "Kept the brand consistent across print and web; "
            "Audited pages against WCAG and tracked the fixes"
        ),
    ),
    Profession(
        14,
        "helping customers by phone, chat and email",
        _split(
            "Customer Service Representative; Customer Success Manager; Call Centre Agent; "
            "Technical Support Specialist"
        ),
        _split(
            "Customer Service; Customer Relationship Management; Help Desk; Technical Support; "
            "Zendesk; Salesforce; Communication; Problem Solving; Microsoft Office; Excel; "
            "Bilingual; Sales; Scheduling"
        ),
        _split(
            "Answered customer questions by phone, chat and email; "
            "Resolved escalated tickets and documented the solutions; "
            "Onboarded new clients and checked in with them regularly; "
            "Kept response times within the service level agreement; "
            "Trained new agents on the ticketing system"
        ),
    ),
    Profession(
        10,
        "accounting, payroll and financial reporting",
        _split("Accountant; Bookkeeper; Payroll Administrator; Financial Analyst"),
        _split(
            "Excel; QuickBooks; Budgeting; Payroll; Financial Modeling; Auditing; "
            "Tax Preparation; Compliance; Microsoft Office; Attention to Detail; VBA; "
            "Accounts Payable; Reconciliation"
        ),
        _split(
            "Prepared monthly financial statements and account reconciliations; "
            "Processed bi-weekly payroll for a growing workforce; "
            "Supported the annual budget and the external audit; "
            "Managed vendor invoices and payment runs; "
            "Filed sales tax returns and kept records audit-ready"
        ),
    ),
    Profession(
        9,
        "supporting people in the community",
        _split("Case Manager; Peer Support Worker; Community Health Worker; Social Worker"),
        _split(
            "Counseling; Child Care; Home Care; American Sign Language; Early Childhood Education; "
            "Communication; Crisis Intervention; Case Management; Documentation; CPR; "
            "Training and Development"
        ),
        _split(
            "Supported clients in reaching their own goals; "
            "Connected people with housing, income and health services; "
            "Kept accurate, confidential case notes; "
            "Delivered workshops in community centres and online; "
            "Cared for seniors and their families with patience and respect"
        ),
    ),
    Profession(
        14,
        "warehouse operations and logistics",
        _split(
            "Warehouse Associate; Inventory Clerk; Logistics Coordinator; Forklift Operator; "
            "Shipping and Receiving Clerk"
        ),
        _split(
            "Forklift Operation; Warehouse Operations; Supply Chain Management; Workplace Safety; "
            "Lockout/Tagout; Lean; Scheduling; Excel; Teamwork; Inventory Management; "
            "Commercial Driving; Maintenance"
        ),
        _split(
            "Received, counted and put away incoming stock; "
            "Picked and packed orders accurately against tight cut-off times; "
            "Operated forklifts and pallet jacks safely; "
            "Ran cycle counts and fixed inventory discrepancies; "
            "Followed and improved health and safety procedures"
        ),
    ),
    Profession(
        8,
        "writing and marketing that people can read",
        _split(
            "Marketing Coordinator; Content Writer; Communications Specialist; Social Media Manager"
        ),
        _split(
            "Search Engine Optimization; Social Media Marketing; Google Ads; Editing; "
            "Technical Writing; Plain Language; Branding; Event Planning; Adobe Creative Suite; "
            "Presentation Skills; Copywriting; Email Marketing"
        ),
        _split(
            "Wrote and edited web pages, newsletters and reports; "
            "Planned campaigns and measured what worked; "
            "Made our content accessible, with alt text and captions; "
            "Managed the social media channels and their calendar"
        ),
    ),
]
GENERAL_SKILLS = _split(
    "Communication; Teamwork; Problem Solving; Microsoft Office; Leadership; Organization; "
    "Customer Service; Project Management; Excel"
)
TAILS = _split(
    " using {skill}; with {skill} and {other}; for {count} clients; across {count} sites; "
    ", cutting turnaround time by {pct}%; , working closely with the {team} team; "
    " in a fast-paced environment; while mentoring two colleagues"
)
TEAMS = _split("operations; finance; product; design; leadership; sales; quality; support")
SUMMARY_EXTRA = _split(
    "Known for clear communication and steady work under deadlines; "
    "I enjoy learning new tools and sharing what I learn; "
    "Comfortable working remotely or on site with assistive technology; "
    "Looking for a team that values different ways of working; "
    "Organised, patient and careful with details"
)
# City and weight: how many candidates live there, roughly as Canada's job seekers do.
CITIES = [
    (city.rsplit(" ", 1)[0], int(city.rsplit(" ", 1)[1]))
    for city in _split(
        "Toronto, ON 16; Mississauga, ON 5; Brampton, ON 3; Ottawa, ON 6; Hamilton, ON 3; "
        "Kitchener, ON 2; Waterloo, ON 1; London, ON 2; Windsor, ON 1; Markham, ON 2; "
        "Montreal, QC 8; Quebec City, QC 2; Laval, QC 1; Gatineau, QC 1; Vancouver, BC 8; "
        "Surrey, BC 2; Burnaby, BC 1; Victoria, BC 2; Kelowna, BC 1; Calgary, AB 5; "
        "Edmonton, AB 4; Winnipeg, MB 3; Regina, SK 1; Saskatoon, SK 1; Halifax, NS 2; "
        "Fredericton, NB 1; Moncton, NB 1; St. John's, NL 1; Charlottetown, PE 1; Whitehorse, YT 1"
    )
]
FIRST_NAMES = _split(
    "Amira; Ben; Chloe; Dev; Elena; Farid; Grace; Hiro; Ines; Jonah; Kavya; Liam; Maya; Noah; "
    "Olu; Priya; Quinn; Rosa; Sami; Tara; Umar; Vera; Wen; Xavier; Yara; Zoe"
)
LAST_NAMES = _split(
    "Singh; Tremblay; Nguyen; Okafor; Roy; Chen; Gagnon; Patel; Martin; Ali; Kowalski; Haddad; "
    "Bouchard; Santos; Park; Murphy; Ibrahim; Leblanc; Wong; Fraser"
)
COMPANIES = [
    f"{word} {kind}"
    for word in _split("Maple; Northern; Lakeshore; Aurora; Cedar; Harbour; Summit; Prairie")
    for kind in _split("Health; Analytics; Logistics; Software; Foods; Insurance; Media; Bank")
]
SCHOOLS = _split(
    "University of Toronto; York University; Seneca College; McGill University; "
    "University of British Columbia; George Brown College; Dalhousie University; Humber College"
)
LANGUAGES = _split("French; Spanish; Punjabi; Mandarin; Arabic; American Sign Language")
WORK_MODES = ["onsite", "remote", "hybrid"]
JOB_KINDS = ["full-time", "part-time", "contract", "temporary"]
TODAY = date(2026, 6, 1)

# --- people ---------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    city: str
    available: bool
    skills: list[str]
    work: list[dict[str, Any]]
    school: str | None
    languages: list[str]
    text: str
    work_modes: list[str]
    employment_types: list[str]
    relocate: bool
    age_days: int  # how long ago the profile was last updated


def _bullet(rng: random.Random, profession: Profession, skills: list[str]) -> str:
    text = rng.choice(profession.duties)
    if rng.random() < 0.6:
        text += rng.choice(TAILS).format(
            skill=rng.choice(skills),
            other=rng.choice(skills),
            count=rng.randint(3, 40),
            pct=rng.randint(5, 45),
            team=rng.choice(TEAMS),
        )
    return text + "."


def make_person(seed: int, index: int) -> Person:
    """Candidate number `index`: the same person whatever the batch or the sizes measured."""
    rng = random.Random(seed * 10_000_019 + index)  # noqa: S311 (test data, not secrets)
    own = rng.choices(PROFESSIONS, [p.weight for p in PROFESSIONS])[0]
    wanted = rng.randint(5, 20)
    # Mostly the profession's skills, some general ones ("Excel", "Teamwork"), each once.
    named = rng.sample(own.skills, k=min(len(own.skills), wanted - 2))
    named += rng.sample(GENERAL_SKILLS, k=3) + rng.sample(own.skills, k=len(own.skills))
    skills = list({name.casefold(): name for name in named}.values())[:wanted]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city = rng.choices([c for c, _ in CITIES], [w for _, w in CITIES])[0]
    end = TODAY - timedelta(days=rng.randint(0, 400))
    current = rng.random() < 0.6
    work: list[dict[str, Any]] = []
    for position in range(rng.randint(1, 4)):
        start = end - timedelta(days=rng.randint(120, 5 * 365))
        work.append(
            {
                "role": rng.choice(own.titles),
                "company": rng.choice(COMPANIES),
                "start_date": start,
                "end_date": None if position == 0 and current else end,
                "current": position == 0 and current,
                "location": city,
                "bullets": [_bullet(rng, own, skills) for _ in range(2)],
            }
        )
        end = start - timedelta(days=rng.randint(0, 200))
    years = max(1, (TODAY - work[-1]["start_date"]).days // 365)
    summary = f"{work[0]['role']} with {years} years of experience in {own.area}. " + ". ".join(
        rng.sample(SUMMARY_EXTRA, k=rng.randint(1, 2))
    )
    school = rng.choice(SCHOOLS) if rng.random() < 0.85 else None
    languages = ["English", *rng.sample(LANGUAGES, k=rng.choice((0, 0, 1)))]
    target = rng.randint(200, 600)

    def compose() -> str:
        lines = [f"{first} {last}", f"{first.lower()}.{index}@example.com | {city}"]
        lines += [work[0]["role"], "Summary", summary + ".", "Experience"]
        for record in work:
            until = record["end_date"].strftime("%b %Y") if record["end_date"] else "Present"
            lines.append(
                f"{record['role']}, {record['company']} "
                f"({record['start_date'].strftime('%b %Y')} - {until})"
            )
            lines += record["bullets"]
        if school:
            lines += ["Education", f"Diploma, {school}"]
        lines += ["Skills", ", ".join(skills), "Languages", ", ".join(languages)]
        return "\n".join(lines)

    words = len(compose().split())
    while words < target:
        bullet = _bullet(rng, own, skills)
        rng.choice(work)["bullets"].append(bullet)
        words += len(bullet.split())
    text = compose()
    for record in work:
        record["description"] = "\n".join(record.pop("bullets"))
    return Person(
        first=first,
        last=last,
        city=city,
        available=rng.random() < 0.92,
        skills=skills,
        work=work,
        school=school,
        languages=languages,
        text=text,
        work_modes=rng.sample(WORK_MODES, k=rng.choice((0, 1, 1, 2, 3))),
        employment_types=rng.sample(JOB_KINDS, k=rng.choice((0, 1, 1, 2))),
        relocate=rng.random() < 0.25,
        age_days=rng.randint(0, 365),
    )


# --- seeding --------------------------------------------------------------------------------------


@contextmanager
def given_timestamps(*models) -> Iterator[None]:
    """Let bulk_create keep the updated_at we set (the pool's tie-break orders by it)."""
    fields = [model._meta.get_field("updated_at") for model in models]
    saved = [f.auto_now for f in fields]
    for f in fields:
        f.auto_now = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now = value


def seed_employer() -> tuple[int, int]:
    """One organization, its owner and one open job; (the owner's id, the job's id)."""
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import User
    from apps.jobs.models import JobPost
    from apps.organizations.models import Membership, Organization, Role

    user = User.objects.create(email=OWNER_EMAIL, password=make_password(None), is_verified=True)
    organization = Organization.objects.create(name="Agentbench Health", root_user=user)
    Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    job = JobPost.objects.create(organization=organization, title="Registered Nurse")
    return user.pk, job.pk


def existing_employer() -> tuple[int, int] | None:
    """The owner's and the job's ids in a database this script seeded before (--reuse)."""
    from apps.jobs.models import JobPost
    from apps.organizations.models import Membership

    membership = Membership.objects.filter(user__email=OWNER_EMAIL).first()
    if membership is None:
        return None
    job = JobPost.objects.filter(organization_id=membership.organization_id).first()
    return (membership.user_id, job.pk) if job else None


def seed_people(start: int, stop: int, seed: int, job_id: int, password: str) -> None:
    """Candidates number start .. stop-1, in batches of BATCH, each batch one transaction."""
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import Profile, User
    from apps.candidates.documents import scrub
    from apps.candidates.models import CandidateProfile, Education, Language, Skill, WorkExperience
    from apps.jobs.models import Application
    from platform_core.schemas import skill_key

    now = timezone.now()
    for offset in range(start, stop, BATCH):
        people = [make_person(seed, i) for i in range(offset, min(stop, offset + BATCH))]
        with transaction.atomic(), given_timestamps(CandidateProfile):
            users = User.objects.bulk_create(
                User(
                    email=f"candidate-{offset + i}@agentbench.example",
                    first_name=p.first,
                    last_name=p.last,
                    password=password,
                    is_verified=True,
                )
                for i, p in enumerate(people)
            )
            Profile.objects.bulk_create(
                Profile(user=u, location=p.city) for u, p in zip(users, people, strict=True)
            )
            profiles = CandidateProfile.objects.bulk_create(
                CandidateProfile(
                    user=u,
                    slug=f"agentbench-{offset + i}",
                    is_available=p.available,
                    resume_text=scrub(p.text, (p.first, p.last)),  # stored as a parse stores it
                    resume_terms=count_terms(p.text, p.skills),
                    resume_data={"skills": p.skills},
                    willing_to_relocate=p.relocate,
                    work_mode_preferences=p.work_modes,
                    employment_type_preferences=p.employment_types,
                    has_workvisa=True,
                    updated_at=now - timedelta(days=p.age_days),
                )
                for i, (u, p) in enumerate(zip(users, people, strict=True))
            )
            pairs = list(zip(profiles, people, strict=True))
            Skill.objects.bulk_create(
                (Skill(profile=c, name=n, key=skill_key(n)) for c, p in pairs for n in p.skills),
                batch_size=BATCH,
            )
            WorkExperience.objects.bulk_create(
                (WorkExperience(profile=c, **w) for c, p in pairs for w in p.work),
                batch_size=BATCH,
            )
            Education.objects.bulk_create(
                Education(profile=c, institution=p.school, course_name="Diploma")
                for c, p in pairs
                if p.school
            )
            Language.objects.bulk_create(
                Language(profile=c, language=n) for c, p in pairs for n in p.languages
            )
            Application.objects.bulk_create(
                Application(job_id=job_id, candidate=c)
                for i, (c, _) in enumerate(pairs)
                if (offset + i) % 500 == 0
            )
        log(f"  seeded {min(stop, offset + BATCH):,} candidates")


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- measuring ------------------------------------------------------------------------------------


@dataclass
class QueryResult:
    text: str
    times_ms: list[float] = field(default_factory=list)
    results: int = 0
    pool: int = 0
    matches: int = 0  # profiles that pass the pool's filters, before the POOL_SIZE cut
    queries: int = 0
    sql_ms: float = 0.0
    phases_ms: dict[str, float] = field(default_factory=dict)
    pool_sql: list[str] = field(default_factory=list)


class Phases:
    """Wall time in the parts of one search, by wrapping the agent's own functions."""

    PARTS = {
        "read": "read_query",
        "pool": "_pool",
        "documents": "candidate_documents",
        "rank": "_rank",
    }

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}
        self.pool: list[int] = []

    @contextmanager
    def wrapped(self) -> Iterator[None]:
        from apps.jobs import agent

        with ExitStack() as stack:
            for part, name in self.PARTS.items():
                original = getattr(agent, name)
                stack.enter_context(mock.patch.object(agent, name, self._timing(part, original)))
            yield

    def _timing(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if part == "pool":
                    self.pool = result
                return result
            finally:
                self.ms[part] = (time.perf_counter() - started) * 1000

        return wrapper


def fresh_employer(employer_id: int):
    """The employer as a request loads it: membership not cached yet."""
    from apps.accounts.models import User

    return User.objects.get(pk=employer_id)


def count_matches(employer_id: int, text: str) -> int:
    """How many profiles pass the pool's filters: visible, the query's place, work mode, job type
    and years, one of its skills or words (the pool keeps POOL_SIZE of them)."""
    from django.db.models import Exists, OuterRef, Q

    from apps.candidates.models import Skill
    from apps.jobs import agent

    query = agent.read_query(text, agent.skill_lookup())
    profiles = agent._filtered(fresh_employer(employer_id), query)
    keys = [skill.lower() for skill in query.skills]
    terms = [f"{agent.SKILL_PREFIX}{key}" for key in keys] + list(query.keywords)
    if terms:
        has_skill = Skill.objects.filter(profile=OuterRef("pk"), key__in=keys)
        profiles = profiles.filter(Exists(has_skill) | Q(resume_terms__has_any_keys=terms))
    return profiles.count()


def measure(employer_id: int, text: str, warmup: int, repeat: int) -> QueryResult:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.jobs.agent import search

    result = QueryResult(text)
    context = {"request": None}
    for _ in range(warmup):
        search(fresh_employer(employer_id), text, context)
    for _ in range(repeat):
        viewer = fresh_employer(employer_id)
        started = time.perf_counter()
        answer = search(viewer, text, context)
        result.times_ms.append((time.perf_counter() - started) * 1000)
    result.results = len(answer["results"]["candidates"])
    phases = Phases()
    viewer = fresh_employer(employer_id)
    with phases.wrapped(), CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        search(viewer, text, context)
        total = (time.perf_counter() - started) * 1000
    result.phases_ms = {**phases.ms, "rest": total - sum(phases.ms.values())}
    result.pool = len(phases.pool)
    result.queries = len(captured.captured_queries)
    result.sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    result.pool_sql = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "candidates_candidateprofile"' in q["sql"] and " LIMIT " in q["sql"]
    ]
    result.matches = count_matches(employer_id, text)
    return result


def explain(sql: str) -> str:
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    verb = "EXPLAIN (ANALYZE, BUFFERS)" if postgres else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{verb} {sql}")  # noqa: S608 (SQL the app just ran)
        return "\n".join(str(row[0] if postgres else row[-1]) for row in cursor.fetchall())


def plan_numbers(plan: str) -> tuple[float, float]:
    """(execution ms, of which JIT compilation ms) of an EXPLAIN ANALYZE; NaN where absent."""
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    jit = re.search(r"Timing: .*Total ([\d.]+) ms", plan)
    return (
        float(execution.group(1)) if execution else math.nan,
        float(jit.group(1)) if jit else 0.0,
    )


# --- report ---------------------------------------------------------------------------------------


def _label(text: str) -> str:
    return f"`{text}`" if len(text) <= 70 else f"`{text[:60]}…` ({len(text)} chars)"


def report(sizes: dict[int, list[QueryResult]], context: dict[str, Any]) -> str:
    import django

    out = [f"## Talent-search agent: {context['database']}", ""]
    out.append(
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}"
    )
    out.append(f"- load average before: {context['load_before']}; after: {load()}")
    out.append(f"- command: `{context['command']}`")
    out.append(f"- seeding (untimed): {context['seeding']}")
    out.append(
        f"- timing: `apps.jobs.agent.search` in process, {context['warmup']} warm-up and "
        f"{context['repeat']} timed calls per query; DEBUG off"
    )
    out += ["", "### Scaling", ""]
    out.append(
        "| profiles | p50 ms, all queries | p95 ms | slowest query, p50 ms | SQL queries per "
        "search | SQL ms, median | pool ms, median | documents ms | rank ms | load (1 min), "
        "start-end |"
    )
    out.append("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    for n, results in sizes.items():
        times = [t for r in results for t in r.times_ms]
        counts = sorted({r.queries for r in results})

        def median_of(part: str, rows=results) -> float:
            return statistics.median(r.phases_ms[part] for r in rows)

        out.append(
            f"| {n:,} | {statistics.median(times):.0f} | {percentile(times, 95):.0f} | "
            f"{max(statistics.median(r.times_ms) for r in results):.0f} | "
            f"{', '.join(map(str, counts))} | "
            f"{statistics.median(r.sql_ms for r in results):.0f} | {median_of('pool'):.0f} | "
            f"{median_of('documents'):.0f} | {median_of('rank'):.0f} | {context['loads'][n]} |"
        )
    big = max(sizes)
    if big >= TARGET_PROFILES:
        p50 = statistics.median(t for r in sizes[big] for t in r.times_ms)
        verdict = "met" if p50 <= TARGET_MS else "**missed**"
        out.append(f"\nTarget <= {TARGET_MS:g} ms p50 at {big:,}: {verdict} ({p50:.0f} ms).")
    for n, results in sizes.items():
        out += ["", f"### Per query, {n:,} profiles", ""]
        out.append(
            "| query | p50 ms | p95 ms | matches | pool | results | SQL queries | SQL ms | "
            "read ms | pool ms | documents ms | rank ms | rest ms |"
        )
        out.append("| --- |" + " ---: |" * 12)
        for r in results:
            phases = " | ".join(
                f"{r.phases_ms[p]:.0f}" for p in ("read", "pool", "documents", "rank", "rest")
            )
            out.append(
                f"| {_label(r.text)} | {statistics.median(r.times_ms):.0f} | "
                f"{percentile(r.times_ms, 95):.0f} | "
                f"{r.matches:,} | {r.pool} | {r.results} | "
                f"{r.queries} | {r.sql_ms:.0f} | {phases} |"
            )
    out += ["", f"### Pool queries at {big:,} profiles", ""]
    plans = context["plans"]
    if context["database"].startswith("PostgreSQL"):
        out.append("| query | pool queries | EXPLAIN ANALYZE execution ms | of which JIT ms |")
        out.append("| --- | ---: | ---: | ---: |")
        for text, texts in plans.items():
            numbers = [plan_numbers(plan) for plan in texts]
            out.append(
                f"| {_label(text)} | {len(texts)} | {sum(n[0] for n in numbers):.0f} | "
                f"{sum(n[1] for n in numbers):.0f} |"
            )
        out.append("")
    worst = max(sizes[big], key=lambda r: r.phases_ms["pool"]).text
    out += [f"The plan of the slowest pool, {_label(worst)}:", ""]
    for plan in plans[worst]:
        out += ["```", plan, "```", ""]
    out += [f"cProfile of one search for {_label(context['profiled'])}, by own time:", ""]
    out += [f"    {line}" for line in context["profile"].splitlines()]
    return "\n".join(out)


# --- main -----------------------------------------------------------------------------------------


def prepare_environment(args, workdir: Path) -> None:
    """Settings before Django starts: settings.dev with DEBUG off, no Redis, tasks only queued."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # don't create var/secret_key
    os.environ["HUEY_IMMEDIATE"] = "false"
    os.environ["REDIS_URL"] = ""
    os.environ["HUEY_SQLITE_PATH"] = str(workdir / "huey.db")
    if args.database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'agentbench.sqlite3'}"
        return
    name = args.postgres.rsplit("/", 1)[1]
    if "bench" not in name:
        sys.exit(f'Refusing to run: --postgres names database {name!r}; it must contain "bench".')
    if not args.reuse:
        _postgres(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        _postgres(args.postgres, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = args.postgres


def run(args) -> str:
    import django

    django.setup()

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    context: dict[str, Any] = {
        "load_before": load(),
        "command": " ".join(["python -m benchmarks.agent", *sys.argv[1:]]),
        "warmup": args.warmup,
        "repeat": args.repeat,
        "loads": {},
    }
    from apps.candidates.models import CandidateProfile

    log("migrating ...")
    call_command("migrate", verbosity=0, interactive=False)
    context["database"] = database_version()
    employer_id, job_id = existing_employer() or seed_employer()
    password = make_password("agentbench")  # one hash for all: hashing 100,000 would take hours
    sizes: dict[int, list[QueryResult]] = {}
    seeded = reused = CandidateProfile.objects.count()
    seconds = 0.0
    for n in args.profiles:
        if n < seeded:
            log(f"skipping {n:,}: the database already holds {seeded:,} candidates")
            continue
        log(f"seeding candidates {seeded:,} to {n:,} ...")
        started = time.perf_counter()
        seed_people(seeded, n, args.seed, job_id, password)
        analyze()
        seconds += time.perf_counter() - started
        seeded = n
        log(f"measuring at {n:,} profiles ...")
        before = os.getloadavg()[0]  # the machine is shared: say how busy it was at each size
        sizes[n] = [measure(employer_id, text, args.warmup, args.repeat) for text in QUERIES]
        context["loads"][n] = f"{before:.1f}-{os.getloadavg()[0]:.1f}"
    if not sizes:
        sys.exit(f"Nothing to measure: the database holds {seeded:,} candidates already.")
    if seeded == reused:
        context["seeding"] = f"none: {reused:,} candidates already there (--reuse)"
    else:
        context["seeding"] = (
            f"{seeded - reused:,} candidates in {seconds:.0f} s, in batches of {BATCH:,}"
            + (" with VACUUM ANALYZE after each size" if args.database == "postgres" else "")
            + (f", on top of {reused:,} already there (--reuse)" if reused else "")
        )
    largest = sizes[seeded]
    context["plans"] = {r.text: [explain(sql) for sql in r.pool_sql] for r in largest}
    slowest = max(largest, key=lambda r: statistics.median(r.times_ms))
    context["profiled"] = slowest.text

    def one_search() -> None:
        from apps.jobs.agent import search

        search(fresh_employer(employer_id), slowest.text, {"request": None})

    context["profile"] = hot_spots(one_search)
    return report(sizes, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--profiles",
        type=_sizes,
        default=[1000, 10000, 100000],
        help="candidate counts to measure at, grown in turn (default 1000,10000,100000)",
    )
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--postgres", default=POSTGRES, help=f"bench database (default {POSTGRES})")
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a --keep run left (migrated first; grown to larger sizes "
        "only), and keep it",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per query")
    parser.add_argument("--warmup", type=int, default=1, help="untimed calls per query first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the data")
    args = parser.parse_args()
    if args.reuse and args.database != "postgres":
        parser.error("--reuse needs --database postgres")

    run_in_workdir(args, "etapi_agentbench_", run)


def run_in_workdir(args, prefix: str, report) -> None:
    """Prepare the environment in a temporary folder, print `report(args)`, then clean up: the
    connections, the benchmark database (unless kept or reused), the folder."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        prepare_environment(args, workdir)
        print(report(args), flush=True)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception as exc:  # noqa: BLE001 (cleanup must go on)
            log(f"closing connections: {exc}")
        if args.database == "postgres" and not (args.keep or args.reuse):
            name = args.postgres.rsplit("/", 1)[1]
            if "bench" in name:
                _postgres(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(workdir, ignore_errors=True)
        log(f"removed {workdir}")


if __name__ == "__main__":
    main()
