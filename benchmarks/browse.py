"""Benchmark of the public job browse, GET /api/channels/jobs/browse/.

    python benchmarks/browse.py --jobs 20000 --requests 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/etapi_bench python benchmarks/browse.py

It never touches real data. Without DATABASE_URL it uses a fresh SQLite file in a temporary
directory (removed at the end); with DATABASE_URL the database name must contain "bench", and a
database that already holds jobs is refused unless `--reuse` is given (then its jobs are measured
as they are, nothing is seeded).

Steps: migrate; seed `--jobs` open jobs plus about 10% drafts and closed jobs across 200
organizations, in chunks of 20,000 generated and written at a time (COPY on PostgreSQL, into
tables whose indexes that back no constraint are dropped first and built again after, as
pg_restore does; bulk_create on SQLite): jobs, then the skill rows of the M2M, with
`search_document` and `skill_keys` composed as
`apps.jobs.services.refresh_search_document` composes them and checked against that function on a
sample, and `accommodations_offered` drawn from a random generator of its own, so the rest of the
data stays as it was); ANALYZE on PostgreSQL; then time each browse request through
`django.test.Client`, in process (no network, no web server, one process, one connection), and
count its SQL queries.

The report is Markdown on stdout (progress goes to stderr): per request p50/p95/max latency, rows,
X-Total-Count (`~` when browse says it is estimated) and SQL query count, with the query count of
the same request at page_size=1 and page_size=100; the plan of each query (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL); on PostgreSQL the full EXPLAIN ANALYZE of the search, `?skills=`
and `?accommodations=` queries and whether their GIN index (`job_search_vector_gin` on the stored
vector, `job_skill_keys_gin`, `job_accommodations_gin`) is used. Browse is not throttled, so
THROTTLE_ENABLED does not matter.
Settings default to `settings.dev` with DEBUG off (as in production: no debug cursor).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

BROWSE = "/api/channels/jobs/browse/"
GIN_INDEX = "job_search_vector_gin"  # on the stored vector, migration jobs/0007
ACCOMMODATIONS_INDEX = "job_accommodations_gin"  # jsonb_path_ops, migration jobs/0006
SKILLS_INDEX = "job_skill_keys_gin"  # jsonb_path_ops on the skill keys, migration jobs/0008
COMMON_WORD = "team"  # in most descriptions
RARE_WORD = "braille"  # in about 0.2% of the jobs

# --- vocabularies -------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return text.split(" | ")


@dataclass
class Family:
    department: str
    weight: int  # how common such jobs are
    titles: list[str]
    skills: list[str]
    duties: list[str]


FAMILIES = [
    Family(
        "engineering",
        18,
        _split(
            "Software Developer | Backend Developer | Frontend Developer | "
            "Full Stack Developer | Mobile Developer | DevOps Engineer | QA Analyst | "
            "Site Reliability Engineer"
        ),
        _split(
            "Python | Django | JavaScript | TypeScript | React | Java | Go | SQL | PostgreSQL | "
            "Docker | Kubernetes | AWS | Git | REST APIs | CI/CD | Linux | C# | .NET | Swift | "
            "Kotlin | Automated Testing"
        ),
        _split(
            "design, build and maintain services used by thousands of customers | "
            "review code and pair with colleagues to ship small, frequent changes | "
            "write automated tests and keep our continuous integration green | "
            "improve the accessibility of our web and mobile applications | "
            "take part in a shared on-call rotation with clear escalation paths | "
            "migrate legacy systems to a modern cloud platform"
        ),
    ),
    Family(
        "data",
        12,
        _split(
            "Data Analyst | Data Scientist | Data Engineer | Business Intelligence Analyst | "
            "Machine Learning Engineer | Research Analyst"
        ),
        _split(
            "Python | SQL | R | Tableau | Power BI | Excel | Statistics | Machine Learning | "
            "Pandas | Spark | Airflow | dbt | Data Visualization | ETL"
        ),
        _split(
            "turn raw operational data into dashboards that managers actually use | "
            "build and document reliable data pipelines | "
            "design experiments and explain their results in plain language | "
            "clean, join and model data from several internal systems | "
            "train, evaluate and monitor forecasting models"
        ),
    ),
    Family(
        "design",
        7,
        _split(
            "UX Designer | UI Designer | Product Designer | Accessibility Specialist | "
            "Content Designer | UX Researcher"
        ),
        _split(
            "Figma | User Research | WCAG | Accessibility Auditing | Prototyping | "
            "Screen Readers | Usability Testing | Information Architecture | "
            "Adobe Creative Suite | HTML | CSS"
        ),
        _split(
            "run usability sessions with people who use assistive technology | "
            "audit our products against WCAG 2.2 AA and track the fixes | "
            "create prototypes and design systems that scale | "
            "write clear interface copy and help text"
        ),
    ),
    Family(
        "customer experience",
        14,
        _split(
            "Customer Support Representative | Customer Success Manager | Call Centre Agent | "
            "Client Services Coordinator | Technical Support Specialist"
        ),
        _split(
            "Customer Service | Zendesk | Salesforce | Communication | Conflict Resolution | "
            "CRM | Bilingual (English/French) | Troubleshooting | Active Listening"
        ),
        _split(
            "answer customer questions by phone, chat and email | "
            "resolve escalated tickets and document the solutions | "
            "onboard new clients and check in with them regularly | "
            "spot recurring problems and report them to the product group"
        ),
    ),
    Family(
        "finance and administration",
        10,
        _split(
            "Accountant | Bookkeeper | Payroll Administrator | Financial Analyst | "
            "Office Administrator | Executive Assistant"
        ),
        _split(
            "Excel | QuickBooks | Sage | Financial Reporting | Budgeting | Accounts Payable | "
            "Payroll | Microsoft Office | Scheduling | SQL"
        ),
        _split(
            "prepare monthly financial statements and reconciliations | "
            "process payroll for a growing workforce | "
            "coordinate calendars, travel and meetings for the leadership group | "
            "support the annual budget and audit"
        ),
    ),
    Family(
        "community services",
        9,
        _split(
            "Peer Support Worker | Case Manager | Community Health Worker | "
            "Occupational Therapist | Social Worker | Disability Services Coordinator"
        ),
        _split(
            "Case Management | Crisis Intervention | Mental Health First Aid | Documentation | "
            "Sign Language (ASL) | Client Advocacy | Motivational Interviewing | First Aid/CPR"
        ),
        _split(
            "support clients in reaching their own goals | "
            "connect people with housing, income and health services | "
            "keep accurate, confidential case notes | "
            "deliver workshops in community centres and online"
        ),
    ),
    Family(
        "marketing and communications",
        8,
        _split(
            "Marketing Coordinator | Content Writer | Communications Specialist | "
            "Social Media Manager | Technical Writer | Copy Editor"
        ),
        _split(
            "Copywriting | SEO | Google Analytics | Social Media | Plain Language | "
            "Content Strategy | WordPress | Email Marketing | Editing"
        ),
        _split(
            "write and edit web pages, newsletters and reports | "
            "plan campaigns and measure what works | "
            "make our content accessible, with alt text and captions | "
            "manage our social media channels"
        ),
    ),
    Family(
        "operations",
        15,
        _split(
            "Warehouse Associate | Inventory Clerk | Retail Sales Associate | Store Supervisor | "
            "Logistics Coordinator | Line Cook | Front Desk Agent"
        ),
        _split(
            "Inventory Management | Forklift Operation | Point of Sale | Cash Handling | "
            "Scheduling | Food Safety | Customer Service | Shipping and Receiving | Teamwork"
        ),
        _split(
            "receive, count and put away incoming stock | "
            "serve guests and keep the front of house running smoothly | "
            "plan shifts and deliveries | follow health and safety procedures"
        ),
    ),
    Family(
        "people and projects",
        7,
        _split(
            "Project Manager | Product Manager | Scrum Master | HR Generalist | Recruiter | "
            "Diversity and Inclusion Advisor"
        ),
        _split(
            "Project Management | Agile | Jira | Stakeholder Management | Recruiting | "
            "Employment Law | Change Management | Risk Management | Communication"
        ),
        _split(
            "plan and track projects from kickoff to delivery | "
            "run inclusive hiring processes and train interviewers | "
            "keep stakeholders informed and risks visible | "
            "improve our accommodation and return-to-work policies"
        ),
    ),
]

SENIORITY = [("", 40), ("Junior ", 15), ("Senior ", 20), ("Intermediate ", 8), ("Lead ", 7)]
SENIORITY += [("Principal ", 2), ("Entry-Level ", 8)]
TITLE_SUFFIX = [("", 80), (" (Bilingual)", 5), (" - Contract", 5), (" II", 5), (" (Remote)", 5)]

LOCATIONS = [
    ("Toronto, ON", 14),
    ("Toronto, Ontario, Canada", 3),
    ("North York (Toronto), ON", 1),
    ("Mississauga, ON", 5),
    ("Ottawa, ON", 6),
    ("Hamilton, ON", 3),
    ("Kitchener-Waterloo, ON", 3),
    ("London, ON", 2),
    ("Montreal, QC", 8),
    ("Quebec City, QC", 2),
    ("Vancouver, BC", 8),
    ("Victoria, BC", 2),
    ("Calgary, AB", 5),
    ("Edmonton, AB", 4),
    ("Winnipeg, MB", 3),
    ("Regina, SK", 1),
    ("Saskatoon, SK", 1),
    ("Halifax, NS", 3),
    ("Fredericton, NB", 1),
    ("St. John's, NL", 1),
    ("Charlottetown, PE", 1),
    ("Whitehorse, YT", 1),
    ("Remote (Canada)", 6),
    ("New York, NY", 2),
    ("Seattle, WA", 1),
    ("", 3),
]

ORG_WORDS = _split(
    "Maple | Northern | Lakeshore | Aurora | Cedar | Harbour | Summit | Prairie | "
    "Bluewater | Evergreen"
)
ORG_KINDS = _split(
    "Health | Analytics | Logistics | Software | Credit Union | Foods | Community Services | "
    "Insurance | Media | Robotics | Hotels | Learning | Energy | Bank | Design Studio | "
    "Outfitters | Pharmacy | Consulting | Transit | Foundation"
)

INTROS = [
    "{org} is hiring a {title} to join our {department} team in {city}.",
    "Join the {department} team at {org} as our next {title}.",
    "We are looking for a {title} who cares about people as much as results.",
    "{org} is growing, and our {department} group needs a {title}.",
]
GENERAL = [
    "You will work with a supportive team that values different ways of working.",
    "We offer health and dental benefits from day one, a pension plan and paid learning time.",
    "Flexible hours and part-time arrangements are available for this role.",
    "Our offices are wheelchair accessible and close to public transit.",
    "We provide workplace accommodations throughout the hiring process and on the job.",
    "Assistive technology such as screen readers and speech-to-text software is supported.",
    "Interviews can be held by video, phone or in writing, whichever works best for you.",
    "Sign language interpretation is available for interviews on request.",
    "You will report to the {department} manager and meet your team weekly.",
    "Previous experience is an asset but not required; we train on the job.",
]
# How often a job offers each accommodation (apps/jobs/accommodations.py OFFERED); remote work
# follows the workplace type. About a quarter of the jobs offer none.
ACCOMMODATION_SHARES = [
    ("flexible_schedule", 0.40),
    ("assistive_technology", 0.20),
    ("accessible_workspace", 0.25),
    ("flexible_deadlines", 0.15),
    ("support_person", 0.08),
    ("other", 0.05),
]
RARE_ACCOMMODATIONS = "support_person,assistive_technology,flexible_deadlines"

RARE_SENTENCE = "Application materials and the employee handbook are available in Braille."
SALARIES = ["", "$45,000 - $55,000", "$60,000 - $75,000", "$80,000 - $100,000", "$22/hour"]
SALARIES += ["$28/hour", "$110,000 - $135,000", "Competitive"]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# --- environment --------------------------------------------------------------------------------


def prepare_environment(args, workdir: Path) -> str:
    """Settings and DATABASE_URL before Django starts; exits rather than touch a real database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # don't create var/secret_key
    os.environ.setdefault("HUEY_IMMEDIATE", "true")
    os.environ.setdefault("HUEY_SQLITE_PATH", str(workdir / "huey.db"))
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return "temporary SQLite file"
    import environ

    name = str(environ.Env.db_url_config(url).get("NAME") or "")
    if "bench" not in Path(name).name.lower():
        sys.exit(
            f"Refusing to run: DATABASE_URL names database {name!r}; its name must contain "
            '"bench" (this script writes thousands of rows). Unset DATABASE_URL to use a '
            "temporary SQLite file."
        )
    return f"database {name!r} from DATABASE_URL"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- seeding ------------------------------------------------------------------------------------


@contextmanager
def given_timestamps():
    """Let bulk_create keep the created_at/updated_at we set (spread over a year)."""
    from apps.jobs.models import JobPost

    created = JobPost._meta.get_field("created_at")
    updated = JobPost._meta.get_field("updated_at")
    saved = created.auto_now_add, updated.auto_now
    created.auto_now_add = updated.auto_now = False
    try:
        yield
    finally:
        created.auto_now_add, updated.auto_now = saved


def compose_search_document(job, skill_names: list[str]) -> str:
    """What `services.refresh_search_document` stores, from values in hand (that function costs
    three queries per job). `skill_names` must be in the database's ORDER BY name order."""
    skills = " ".join(skill_names)
    return " ".join(
        part
        for part in (job.title, job.job_desc, skills, job.organization.name, job.location)
        if part
    )


def make_description(rng: random.Random, family: Family, org: str, title: str, city: str) -> str:
    city = city.split(",")[0] if city else "a remote-friendly setup"
    values = {"org": org, "title": title, "department": family.department, "city": city}
    sentences = [rng.choice(INTROS).format(**values)]
    duties = rng.sample(family.duties, k=rng.randint(2, len(family.duties)))
    sentences.append("In this role you will " + "; ".join(duties) + ".")
    for sentence in rng.sample(GENERAL, k=rng.randint(2, 7)):
        sentences.append(sentence.format(**values))
    if rng.random() < 0.002:
        sentences.append(RARE_SENTENCE)
    return " ".join(sentences)


def offered_accommodations(rng: random.Random, workplace: int) -> list[str]:
    """What one job offers; drawn from its own random generator, so adding it left the rest of
    the seeded data (and the earlier rows' results) as they were."""
    if rng.random() < 0.25:
        return []
    remote_share = 0.9 if workplace == 2 else 0.3 if workplace == 3 else 0.05
    offered = ["remote_work"] if rng.random() < remote_share else []
    return offered + [name for name, share in ACCOMMODATION_SHARES if rng.random() < share]


CHUNK = 20_000  # jobs generated, written and forgotten at a time: memory stays flat at 1,000,000


@contextmanager
def secondary_indexes_deferred(table: str):
    """On PostgreSQL, drop the indexes of `table` that back no constraint, and create them again
    from their own definitions after the block, as pg_restore does: one sorted build of each
    (the GIN full-text index above all) instead of a million single-row updates."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.indexname NOT IN (SELECT conname FROM pg_constraint)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # The foreign keys are checked at commit (deferred): check the rows written now, as an
        # index cannot be built on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            started = time.perf_counter()
            cursor.execute(definition)
            log(f"  index {name} built in {time.perf_counter() - started:.1f} s")


class JobWriter:
    """Writes chunks of jobs and their skills: COPY on PostgreSQL (ids given here, the table
    being empty; the identity moved past them at the end), bulk_create elsewhere."""

    def __init__(self):
        from django.db import connection

        from apps.jobs.models import JobPost

        self.connection = connection
        self.copy = connection.vendor == "postgresql"
        self.fields = JobPost._meta.concrete_fields
        self.next_id = 1
        self.written = 0

    def write(self, jobs: list, job_skills: list[list[int]]) -> None:
        from apps.jobs.models import JobPost

        through = JobPost.skills.through
        if not self.copy:
            with given_timestamps():
                JobPost.objects.bulk_create(jobs, batch_size=1000)
            if any(job.pk is None for job in jobs):
                sys.exit(
                    "bulk_create returned no primary keys on this backend; cannot seed skills."
                )
            through.objects.bulk_create(
                (
                    through(jobpost_id=job.pk, jobskill_id=skill_id)
                    for job, chosen in zip(jobs, job_skills, strict=True)
                    for skill_id in chosen
                ),
                batch_size=5000,
            )
        else:
            for job in jobs:
                job.pk, self.next_id = self.next_id, self.next_id + 1
            quote = self.connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in self.fields)
            with self.connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {JobPost._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for job in jobs:
                        copy.write_row(
                            [
                                f.get_db_prep_save(getattr(job, f.attname), self.connection)
                                for f in self.fields
                            ]
                        )
                with raw.copy(
                    f"COPY {through._meta.db_table} (jobpost_id, jobskill_id) FROM STDIN"
                ) as copy:
                    for job, chosen in zip(jobs, job_skills, strict=True):
                        for skill_id in chosen:
                            copy.write_row((job.pk, skill_id))
        self.written += len(jobs)
        if self.written % 100_000 < len(jobs) or self.written < 100_000:
            log(f"  wrote {self.written:,} jobs")

    def finish(self) -> None:
        if self.copy:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('jobs_jobpost', 'id'), %s)",
                    [self.next_id - 1],
                )


def seed(n_open: int, rng: random.Random, accommodation_rng: random.Random) -> dict:
    """The jobs, in chunks of CHUNK: the same data whatever the chunking (one random
    generator, drawn in the same order as when the jobs were built all at once)."""
    from django.db import transaction
    from django.utils import timezone

    from apps.candidates.models import skill_key
    from apps.jobs.models import JobPost, JobSkill, JobStatus, JobType, WorkplaceType
    from apps.organizations.models import EmployeeSize, Industry, Organization

    started = time.perf_counter()
    names = [f"{word} {kind}" for word in ORG_WORDS for kind in ORG_KINDS]
    rng.shuffle(names)
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            Organization(
                name=name,
                industry=rng.choice(Industry.values),
                employee_size=rng.choice(EmployeeSize.values),
                headquarter_location=_weighted(rng, LOCATIONS) or "Toronto, ON",
                about=f"{name} hires for skills and builds accessible workplaces.",
            )
            for name in names
        )
        skill_names = sorted({name for family in FAMILIES for name in family.skills})
        # bulk_create skips JobSkill.save(), which fills the casefolded key: fill it here.
        rows = JobSkill.objects.bulk_create(JobSkill(name=n, key=skill_key(n)) for n in skill_names)
        skill_ids = {s.name: s.pk for s in rows}
        skill_ids = {name: skill_ids.get(name) for name in skill_names}
        if None in skill_ids.values():  # a backend without RETURNING on bulk insert
            skill_ids = dict(JobSkill.objects.values_list("name", "pk"))
        # The order `job.skills.values_list("name")` gives: JobSkill's Meta ordering, evaluated
        # by the database (its collation), not by Python's sort.
        db_order = {pk: i for i, pk in enumerate(JobSkill.objects.values_list("pk", flat=True))}

        statuses = [JobStatus.OPEN] * n_open
        statuses += [JobStatus.DRAFT] * (n_open // 20) + [JobStatus.CLOSED] * (n_open // 20)
        rng.shuffle(statuses)
        now = timezone.now()
        jobs, job_skills = [], []
        family_weights = [family.weight for family in FAMILIES]
        writer = JobWriter()
        through_table = JobPost.skills.through._meta.db_table
        with (
            secondary_indexes_deferred(JobPost._meta.db_table),
            secondary_indexes_deferred(through_table),
        ):
            for status in statuses:
                family = rng.choices(FAMILIES, family_weights)[0]
                organization = rng.choice(organizations)
                title = _weighted(rng, SENIORITY) + rng.choice(family.titles)
                title += _weighted(rng, TITLE_SUFFIX)
                location = _weighted(rng, LOCATIONS)
                if location == "Remote (Canada)" or " (Remote)" in title:
                    workplace = WorkplaceType.REMOTE
                else:
                    workplace = rng.choices(WorkplaceType.values, [60, 15, 25])[0]
                chosen = rng.sample(family.skills, k=rng.randint(3, 5))
                chosen.sort(key=lambda name: db_order[skill_ids[name]])
                created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
                job = JobPost(
                    organization=organization,
                    title=title,
                    job_desc=make_description(rng, family, organization.name, title, location),
                    workplace_type=workplace,
                    location=location,
                    job_type=rng.choices(JobType.values, [55, 15, 12, 6, 6, 3, 3])[0],
                    estimated_salary=rng.choice(SALARIES),
                    visa_required=rng.random() < 0.1,
                    status=status,
                    created_at=created,
                    updated_at=created + timedelta(seconds=rng.uniform(0, 7 * 86400)),
                )
                job.accommodations_offered = offered_accommodations(accommodation_rng, workplace)
                job.search_document = compose_search_document(job, chosen)
                job.skill_keys = sorted(skill_key(name) for name in chosen)
                jobs.append(job)
                job_skills.append([skill_ids[name] for name in chosen])
                if len(jobs) == CHUNK:
                    writer.write(jobs, job_skills)
                    jobs, job_skills = [], []
            if jobs:
                writer.write(jobs, job_skills)
            writer.finish()
            log(f"  rows written in {time.perf_counter() - started:.0f} s; indexes next")
    seconds = time.perf_counter() - started
    return {"jobs": writer.written, "organizations": len(organizations), "seconds": seconds}


def check_search_documents(rng: random.Random, sample: int = 200) -> int:
    """Run the app's own refresh_search_document on a sample: it must leave the seeded search
    text and skill keys unchanged."""
    from apps.jobs.models import DERIVED_FIELDS, JobPost
    from apps.jobs.services import refresh_search_document

    ids = list(JobPost.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, k=min(sample, len(ids)))
    for job in JobPost.objects.filter(pk__in=chosen).select_related("organization"):
        before = [getattr(job, name) for name in DERIVED_FIELDS]
        refresh_search_document(job)
        after = list(JobPost.objects.values_list(*DERIVED_FIELDS).get(pk=job.pk))
        if after != before:
            sys.exit(
                f"{', '.join(DERIVED_FIELDS)} of job {job.pk} differ from "
                f"refresh_search_document:\n  seeded: {str(before)[:300]!r}\n"
                f"  app:    {str(after)[:300]!r}"
            )
    return len(chosen)


def analyze() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "not run (SQLite: Django never runs ANALYZE there, so neither does this script)"
    with connection.cursor() as cursor:
        for table in ("organizations_organization", "jobs_jobskill", "jobs_jobpost"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("VACUUM ANALYZE jobs_jobpost_skills")
    return "VACUUM ANALYZE on the four job tables (what autovacuum leaves a settled table like)"


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Scenario:
    label: str
    params: dict
    latencies_ms: list[float] = field(default_factory=list)
    rows: int = 0
    total: int = 0
    estimated: bool = False  # X-Total-Count-Estimated
    queries: dict = field(default_factory=dict)  # page_size (or "this") -> (count, rows)
    captured: list[str] = field(default_factory=list)
    sql_ms: float = 0.0


def scenarios() -> list[Scenario]:
    return [
        Scenario("no filter", {}),
        Scenario(f"?search={COMMON_WORD} (common)", {"search": COMMON_WORD}),
        Scenario(f"?search={RARE_WORD} (rare)", {"search": RARE_WORD}),
        Scenario("?skills=Python,SQL", {"skills": "Python,SQL"}),
        Scenario("?workplace_type=2&job_type=1", {"workplace_type": 2, "job_type": 1}),
        Scenario("?location=toronto", {"location": "toronto"}),
        Scenario("?ordering=title", {"ordering": "title"}),
        Scenario("?accommodations=remote_work", {"accommodations": "remote_work"}),
        Scenario(
            "?accommodations=remote_work,flexible_schedule",
            {"accommodations": "remote_work,flexible_schedule"},
        ),
        Scenario(
            f"?accommodations={RARE_ACCOMMODATIONS} (rare)",
            {"accommodations": RARE_ACCOMMODATIONS},
        ),
        Scenario("?page=50&page_size=100 (deep page)", {"page": 50, "page_size": 100}),
    ]


def url_of(params: dict, path: str = BROWSE) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def fetch(client, params: dict, path: str = BROWSE):
    response = client.get(url_of(params, path))
    if response.status_code != 200:
        sys.exit(
            f"GET {url_of(params, path)} answered {response.status_code}: "
            f"{response.content[:300]!r}"
        )
    return response


def count_queries(client, params: dict, path: str = BROWSE) -> tuple[int, int, list[str], float]:
    """Queries of one request: how many, rows returned, their SQL, their summed time in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = fetch(client, params, path)
    queries = captured.captured_queries
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    return len(queries), len(response.json()), [q["sql"] for q in queries], sql_ms


def measure(client, scenario: Scenario, requests: int, warmup: int, path: str = BROWSE) -> None:
    """Time `scenario` on the list at `path` (browse; benchmarks/candidate_search.py passes its
    own) and count its queries, also at page_size=1 and 100."""
    for _ in range(warmup):
        fetch(client, scenario.params, path)
    for _ in range(requests):
        started = time.perf_counter()
        response = fetch(client, scenario.params, path)
        scenario.latencies_ms.append((time.perf_counter() - started) * 1000)
    scenario.rows = len(response.json())
    scenario.total = int(response.headers["X-Total-Count"])
    scenario.estimated = response.headers.get("X-Total-Count-Estimated") == "true"
    # Where the time goes: the SQL time Django measures (debug cursor, so not in the timed runs).
    sql_times = []
    for _ in range(min(requests, 20)):
        count, rows, scenario.captured, sql_ms = count_queries(client, scenario.params, path)
        sql_times.append(sql_ms)
    scenario.sql_ms = statistics.median(sql_times)
    scenario.queries["this"] = (count, rows)
    for size in (1, 100):
        params = {**scenario.params, "page": 1, "page_size": size}
        scenario.queries[size] = count_queries(client, params, path)[:2]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- plans --------------------------------------------------------------------------------------


def query_kind(sql: str) -> str:
    if "COUNT(" in sql.upper():
        return "count"
    if sql.upper().startswith("EXPLAIN"):
        return "estimate"
    # The page reads each job's skills in a subquery of its own (skill_lists.with_skills): a
    # query of the skills that is not one of the jobs is a prefetch.
    if 'FROM "jobs_jobskill"' in sql and 'FROM "jobs_jobpost"' not in sql:
        return "skills prefetch"
    return "page"


def _scans(node: dict):
    kind = node.get("Node Type", "")
    if "Scan" in kind:
        target = node.get("Index Name") or node.get("Relation Name") or ""
        yield f"{kind} {target}".strip()
    for child in node.get("Plans", []):
        yield from _scans(child)


def plan_summary(sql: str) -> str:
    """The scans the planner picks for one captured query, in order."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")  # noqa: S608 (SQL the app just ran)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            steps = list(dict.fromkeys(_scans(plan[0]["Plan"])))
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")  # noqa: S608 (SQL the app just ran)
            steps = list(dict.fromkeys(row[-1] for row in cursor.fetchall()))
    return "; ".join(steps)


def explain_analyze(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")  # noqa: S608 (SQL the app just ran)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- report -------------------------------------------------------------------------------------


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def report(results: list[Scenario], context: dict) -> None:
    from django.db import connection

    out = []
    out.append(f"## Browse benchmark: {context['database']}\n")
    out.append(
        f"- data: {context['open']} open jobs of {context['jobs']} "
        f"({context['organizations']} organizations); {context['seeding']}"
    )
    out.append(f"- statistics: {context['analyze']}")
    out.append(
        f"- {context['requests']} timed requests per row after {context['warmup']} warm-up "
        "requests, in process through django.test.Client (no network, no web server, "
        f"single process); DEBUG={context['debug']}"
    )
    out.append(
        "- load average (1 min) before / after measuring: "
        f"{context['load_before']:.2f} / {os.getloadavg()[0]:.2f} (other work on the machine "
        "shows up as noise in p95 and max)"
    )
    out.append(
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, "
        f"Django {context['django']}, {context['db_version']}"
    )
    out.append("")
    out.append(
        "| request | p50 ms | p95 ms | max ms | of which SQL, p50 ms | rows | X-Total-Count "
        "| SQL queries | queries at page_size=1 / 100 (rows) |"
    )
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for s in results:
        one, hundred = s.queries[1], s.queries[100]
        out.append(
            f"| `{s.label}` | {statistics.median(s.latencies_ms):.1f} "
            f"| {percentile(s.latencies_ms, 95):.1f} | {max(s.latencies_ms):.1f} "
            f"| {s.sql_ms:.1f} | {s.rows} "
            f"| {'~' if s.estimated else ''}{s.total} | {s.queries['this'][0]} "
            f"| {one[0]} ({one[1]} rows) / {hundred[0]} ({hundred[1]} rows) |"
        )
    same = all(s.queries[1][0] == s.queries[100][0] for s in results)
    counts = sorted({s.queries[size][0] for s in results for size in (1, 100)})
    out.append("")
    out.append(
        "'of which SQL' is the median, over 20 more requests, of the summed time Django's debug "
        "cursor measured for the queries, 1 ms resolution (database work plus driver and row fetching); the rest "
        "of the request is Python: routing, model instances, validation and JSON."
    )
    out.append(
        f"\nQuery count equal for page_size=1 and page_size=100 on every row: "
        f"**{'yes' if same else 'NO'}** (counts seen: {', '.join(map(str, counts))})."
    )

    out.append("\n### Query plans\n")
    verb = (
        "EXPLAIN (FORMAT JSON), scans"
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN"
    )
    out.append(f"What the planner does for each query of the measured request ({verb}).\n")
    out.append("| request | query | plan |")
    out.append("| --- | --- | --- |")
    for s in results:
        for sql in s.captured:
            kind = query_kind(sql)
            plan = "planning only" if kind == "estimate" else plan_summary(sql)
            out.append(f"| `{s.label}` | {kind} | {plan} |")

    if connection.vendor == "postgresql":
        out.append("\n### Full-text search, skills and accommodations on PostgreSQL\n")
        for s in results:
            if "search" in s.params:
                index = GIN_INDEX
            elif "skills" in s.params:
                index = SKILLS_INDEX
            elif "accommodations" in s.params:
                index = ACCOMMODATIONS_INDEX
            else:
                continue
            used = []
            for sql in s.captured:
                if query_kind(sql) in ("skills prefetch", "estimate"):
                    continue
                text = explain_analyze(sql)
                used.append((query_kind(sql), index in text))
                out.append(f"`{s.label}`, {query_kind(sql)} query, EXPLAIN ANALYZE:\n")
                out.append("```")
                out.append(sql)
                out.append("")
                out.append(text)
                out.append("```\n")
            verdicts = ", ".join(f"{kind}: {'yes' if hit else 'no'}" for kind, hit in used)
            out.append(f"GIN index `{index}` used for `{s.label}`: **{verdicts}**\n")
    print("\n".join(out), flush=True)


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=20000, help="open jobs to seed (default 20000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per row first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the data")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a bench database that already holds jobs, without seeding",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="leave out the requests whose label holds this text (repeatable): at 1,000,000 "
        "jobs a count over most of them takes seconds to minutes",
    )
    args = parser.parse_args()
    if args.jobs < 5000:
        parser.error("--jobs must be at least 5000 (the deep page is page 50 of 100)")

    workdir = Path(tempfile.mkdtemp(prefix="etapi_bench_"))
    try:
        run(args, workdir)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception as exc:  # noqa: BLE001 (cleanup must go on)
            log(f"closing connections: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)
        log(f"removed {workdir}")


def run(args, workdir: Path) -> None:
    database = prepare_environment(args, workdir)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from apps.jobs.models import JobPost, JobStatus

    rng = random.Random(args.seed)  # noqa: S311 (test data, not secrets)
    log(f"migrating the {database} ...")
    call_command("migrate", verbosity=0, interactive=False)

    if JobPost.objects.exists():
        if not args.reuse:
            sys.exit(
                "Refusing to run: this database already holds jobs. Use a fresh bench database, "
                "or --reuse to measure the jobs already there."
            )
        seeding = "existing jobs reused (--reuse), nothing seeded"
        log(seeding)
    else:
        log(f"seeding {args.jobs} open jobs ...")
        seeded = seed(args.jobs, rng, random.Random(args.seed + 1_000_003))  # noqa: S311
        checked = check_search_documents(rng)
        seeding = (
            f"seeded in {seeded['seconds']:.1f} s (chunks of {CHUNK:,}: COPY on PostgreSQL, "
            "bulk_create on SQLite; indexes built after on PostgreSQL); search_document and "
            "skill_keys composed "
            f"as refresh_search_document does, checked against it on {checked} jobs"
        )
        log(seeding)
    analyzed = analyze()

    client = Client()
    load_before = os.getloadavg()[0]
    results = []
    for scenario in scenarios():
        if any(text in scenario.label for text in args.skip):
            log(f"skipping {scenario.label} (--skip)")
            continue
        log(f"measuring {scenario.label} ...")
        measure(client, scenario, args.requests, args.warmup)
        results.append(scenario)

    context = {
        "database": f"{database_version()} ({database})",
        "db_version": database_version(),
        "jobs": JobPost.objects.count(),
        "open": JobPost.objects.filter(status=JobStatus.OPEN).count(),
        "organizations": JobPost.objects.values("organization").distinct().count(),
        "seeding": seeding,
        "analyze": analyzed,
        "requests": args.requests,
        "warmup": args.warmup,
        "debug": settings.DEBUG,
        "django": django.get_version(),
        "load_before": load_before,
    }
    report(results, context)


if __name__ == "__main__":
    main()
