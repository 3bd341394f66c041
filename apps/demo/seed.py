"""`build_demo(seed, sizes)`: a living system from nothing, the same every time for one seed.

Staff, organizations with an owner, an admin and members, jobs (mostly open, each offering
accommodations), candidates with records, notes and a resume file (PDF, DOCX or text) that the
real parser reads through a `parse_resume` run, applications in every state, recruiters' notes,
and a ranking run for the jobs with the most applicants. Rows are inserted in bulk; one password
hash serves every account (hashing each would cost a third of a second per user).

The data goes in in one transaction (a failure leaves nothing), then the parse and ranking runs
execute inline: the runs are created queued and done by the core's task (`execute_run`) in this
process, exactly as a worker would, without a queue in between.

Every demo account's email ends in `@demo.example.com`; a database that already has one is
refused (`DemoExists`): nothing is changed, and nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import factory.random
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from apps.accounts.models import Profile, User
from apps.candidates import parsing
from apps.candidates.models import (
    CandidateProfile,
    Certification,
    Education,
    Language,
    Note,
    Project,
    Skill,
    WorkExperience,
)
from apps.jobs import ranking
from apps.jobs.models import Application, ApplicationStatus, JobPost, JobSkill, JobStatus
from apps.jobs.services import refresh_search_documents
from apps.organizations.models import Membership, Organization, Role
from platform_core.models import Run
from platform_core.runs import subject_key
from platform_core.schemas import skill_key
from platform_core.tasks import execute_run

from . import factories as f
from .documents import WRITERS

# The section headings the resumes use (set in bold), all among the parser's.
HEADINGS = frozenset(
    {"SUMMARY", "EXPERIENCE", "EDUCATION", "SKILLS", "LANGUAGES", "PROJECTS", "CERTIFICATIONS"}
)
FORMATS = ("pdf", "docx", "txt")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Every state, then a realistic mix.
STATES = tuple(ApplicationStatus.values)
STATE_WEIGHTS = {
    ApplicationStatus.APPLIED: 50,
    ApplicationStatus.SHORTLISTED: 20,
    ApplicationStatus.REJECTED: 15,
    ApplicationStatus.WITHDRAWN: 10,
    ApplicationStatus.HIRED: 5,
}
FEATURED_APPLICANTS = 60  # the first organization's first job: a page of 50 applicants
RANKED_JOBS = 3
BATCH = 500
DEFAULT_PASSWORD = "demo-password"


@dataclass
class Career:
    """A candidate's records as built, which their resume is written from."""

    positions: list[WorkExperience]
    education: list[Education]
    skills: list[Skill]
    languages: list[Language]
    projects: list[Project]
    certifications: list[Certification]


class DemoExists(Exception):
    """The database already holds demo data; nothing was changed."""


@dataclass(frozen=True)
class DemoSizes:
    candidates: int = 40
    organizations: int = 5
    jobs: int = 30

    def __post_init__(self):
        for name, value in asdict(self).items():
            if value < 1:
                raise ValueError(f"--{name} must be at least 1, not {value}.")


@dataclass
class DemoLogins:
    """Who can log in (one password for all) and what they see; `as_json()` is the file of
    `--logins-json`."""

    password: str
    staff: str
    candidates: list[str] = field(default_factory=list)
    # {"email", "organization_id", "role"}, owners first within each organization.
    employers: list[dict] = field(default_factory=list)
    # The open jobs, by id.
    jobs: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "password": self.password,
            "candidates": self.candidates,
            "employers": self.employers,
            "staff": self.staff,
            "jobs": self.jobs,
        }

    def one_per_role(self) -> list[tuple[str, str]]:
        """(role, email): a candidate, the first organization's owner, admin and member, staff."""
        first = self.employers[0]["organization_id"]
        employers = {e["role"]: e["email"] for e in self.employers if e["organization_id"] == first}
        by_role = {role: employers[role] for role in Role.values if role in employers}
        return [("candidate", self.candidates[0]), *by_role.items(), ("staff", self.staff)]


def demo_exists() -> bool:
    return User.objects.filter(email__endswith=f"@{f.EMAIL_DOMAIN}").exists()


def build_demo(
    seed: int = 1,
    sizes: DemoSizes | None = None,
    *,
    password: str = DEFAULT_PASSWORD,
    parse: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> DemoLogins:
    """Make the demo data for `seed` (see the module's docstring); `DemoExists` if there is
    some already."""
    sizes = sizes or DemoSizes()
    if demo_exists():
        raise DemoExists(
            f"Demo data already exists (users @{f.EMAIL_DOMAIN}): nothing was changed. Log in "
            "with the accounts printed when it was made, or use a new database."
        )
    factory.random.reseed_random(seed)
    for model_factory in f.ALL_FACTORIES:
        model_factory.reset_sequence(1, force=True)
    # Repeatable on purpose: demo data, no secret is drawn from it.
    rng = random.Random(seed)  # noqa: S311
    builder = _Builder(rng, make_password(password), sizes, log)
    with transaction.atomic():
        logins = builder.build(password)
    if parse:
        builder.parse_resumes()
    builder.rank()
    return logins


class _Builder:
    def __init__(self, rng: random.Random, hashed: str, sizes: DemoSizes, log):
        self.rng = rng
        self.hashed = hashed
        self.sizes = sizes
        self.log = log
        self.today = timezone.now().date()
        self.profiles: list[CandidateProfile] = []
        self.open_jobs: list[JobPost] = []
        # The memberships of each organization, in the organizations' order.
        self.members: list[list[Membership]] = []
        # The records of each candidate, by profile id, for their resume.
        self.careers: dict[int, Career] = {}

    # --- people -------------------------------------------------------------------------------

    def users(self, count: int, **extra) -> list[User]:
        users = f.DemoUserFactory.build_batch(count, password=self.hashed, **extra)
        User.objects.bulk_create(users, batch_size=BATCH)
        accounts = [f.DemoAccountProfileFactory.build(user=user) for user in users]
        Profile.objects.bulk_create(accounts, batch_size=BATCH)
        return users

    def build(self, password: str) -> DemoLogins:
        (staff,) = self.users(1, email=f"staff@{f.EMAIL_DOMAIN}", is_staff=True, is_superuser=True)
        logins = DemoLogins(password=password, staff=staff.email)
        organizations = self.organizations(logins)
        self.jobs(organizations)
        self.candidates(logins)
        self.applications(organizations)
        logins.jobs = [job.pk for job in self.open_jobs]
        self.log(
            f"{len(organizations)} organizations, {len(logins.employers)} employers, "
            f"{JobPost.objects.count()} jobs, {len(self.profiles)} candidates, "
            f"{Application.objects.count()} applications."
        )
        return logins

    def organizations(self, logins: DemoLogins) -> list[Organization]:
        count = self.sizes.organizations
        organizations = f.DemoOrganizationFactory.build_batch(count)
        # Owner, admin, member; every other organization a second member.
        roles = [
            [Role.OWNER, Role.ADMIN, Role.MEMBER] + ([Role.MEMBER] if index % 2 else [])
            for index in range(count)
        ]
        users = iter(self.users(sum(len(r) for r in roles)))
        for organization, its_roles in zip(organizations, roles, strict=True):
            members = [Membership(user=next(users), role=role) for role in its_roles]
            organization.root_user = members[0].user
            self.members.append(members)
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        memberships = []
        for organization, members in zip(organizations, self.members, strict=True):
            for membership in members:
                membership.organization = organization
                memberships.append(membership)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        logins.employers = [
            {"email": m.user.email, "organization_id": m.organization_id, "role": m.role}
            for m in memberships
        ]
        return organizations

    # --- jobs ---------------------------------------------------------------------------------

    def jobs(self, organizations: list[Organization]) -> None:
        jobs, names = [], []
        for index in range(self.sizes.jobs):
            position = index % len(organizations)
            organization = organizations[position]
            own_field = f.FIELDS[position % len(f.FIELDS)]
            job_field = own_field if self.rng.random() < 0.7 else self.rng.choice(f.FIELDS)
            first = index < len(organizations)  # every organization has an open job
            roll = self.rng.random()
            status = (
                JobStatus.OPEN
                if first or roll < 0.85
                else JobStatus.CLOSED
                if roll < 0.95
                else JobStatus.DRAFT
            )
            skill_names = self.rng.sample(job_field.skills, self.rng.randint(3, 6))
            job = f.DemoJobFactory.build(
                organization=organization,
                user=self.rng.choice(self.members[position][:2]).user,
                field=job_field,
                skill_names=skill_names,
                status=status,
            )
            jobs.append(job)
            names.append(skill_names)
        JobPost.objects.bulk_create(jobs, batch_size=BATCH)
        skills = self.skill_rows({name for job_names in names for name in job_names})
        through = JobPost.skills.through
        through.objects.bulk_create(
            [
                through(jobpost_id=job.pk, jobskill_id=skills[skill_key(name)].pk)
                for job, job_names in zip(jobs, names, strict=True)
                for name in job_names
            ],
            batch_size=BATCH,
        )
        # Spread over the last two months, newest first as browse shows them.
        now = timezone.now()
        for position, job in enumerate(jobs):
            job.created_at = now - timedelta(hours=(len(jobs) - position) * 7)
        JobPost.objects.bulk_update(jobs, ["created_at"], batch_size=BATCH)
        refresh_search_documents(JobPost.objects.filter(pk__in=[job.pk for job in jobs]))
        self.open_jobs = [job for job in jobs if job.status == JobStatus.OPEN]

    @staticmethod
    def skill_rows(names: set[str]) -> dict[str, JobSkill]:
        wanted = {skill_key(name): name for name in sorted(names)}
        existing = {skill.key: skill for skill in JobSkill.objects.filter(key__in=wanted)}
        missing = [
            JobSkill(name=name, key=key) for key, name in wanted.items() if key not in existing
        ]
        JobSkill.objects.bulk_create(missing, batch_size=BATCH)
        return {**existing, **{skill.key: skill for skill in missing}}

    # --- candidates ---------------------------------------------------------------------------

    def candidates(self, logins: DemoLogins) -> None:
        users = self.users(self.sizes.candidates)
        self.profiles = [f.DemoCandidateFactory.build(user=user) for user in users]
        CandidateProfile.objects.bulk_create(self.profiles, batch_size=BATCH)
        logins.candidates = [user.email for user in users]
        records: dict[type[models.Model], list] = {}
        for profile in self.profiles:
            for record in self.records_of(profile):
                if hasattr(record, "prepare"):  # the records derive stored values
                    record.prepare()
                records.setdefault(type(record), []).append(record)
        for model, rows in records.items():
            model._default_manager.bulk_create(rows, batch_size=BATCH)
        self.resumes()

    def records_of(self, profile: CandidateProfile) -> list:
        """A career in one field: education, positions up to today, skills, languages,
        sometimes projects and a certification, and the candidate's own notes."""
        rng = self.rng
        work_field = rng.choice(f.FIELDS)
        years = rng.randint(0, 14)
        graduated = self.today.year - years
        education = [
            f.DemoEducationFactory.build(
                profile=profile,
                major=rng.choice(work_field.degrees),
                start_year=graduated - 4,
                end_year=graduated,
            )
        ]
        if rng.random() < 0.25:
            education.append(
                f.DemoEducationFactory.build(
                    profile=profile,
                    course_name="Certificate",
                    major=rng.choice(work_field.degrees),
                    start_year=max(graduated - 6, 1990),
                    end_year=max(graduated - 5, 1991),
                )
            )
        positions = []
        end: date | None = None
        start_month = self.today.replace(day=1)
        for number in range(min(1 + years // 4, 3) if years else 0):
            length = rng.randint(14, 48)
            start = _months_before(start_month, length)
            if start.year < graduated:
                break
            title = rng.choice(work_field.titles)
            if number == 0 and years > 6:
                title = f"Senior {title}"
            positions.append(
                f.DemoExperienceFactory.build(
                    profile=profile,
                    role=title,
                    start_date=start,
                    end_date=end,
                    current=end is None,
                    description=" ".join(
                        f"{duty[0].upper()}{duty[1:]}." for duty in rng.sample(work_field.duties, 2)
                    ),
                )
            )
            end = _months_before(start, rng.randint(0, 3))
            start_month = end
        names = rng.sample(work_field.skills, rng.randint(4, min(8, len(work_field.skills))))
        names += rng.sample(("Communication", "Teamwork", "Problem Solving"), rng.randint(0, 2))
        skills = [
            f.DemoSkillFactory.build(profile=profile, name=name) for name in dict.fromkeys(names)
        ]
        spoken = ["English", *rng.sample(f.LANGUAGES[1:], rng.randint(0, 2))]
        languages = [
            f.DemoLanguageFactory.build(
                profile=profile, language=name, **({"speaking": "native"} if not i else {})
            )
            for i, name in enumerate(spoken)
        ]
        projects = [
            f.DemoProjectFactory.build(
                profile=profile,
                start_date=_months_before(self.today.replace(day=1), rng.randint(6, 40)),
            )
            for _ in range(rng.choice((0, 0, 1, 2)))
        ]
        certifications = [
            f.DemoCertificationFactory.build(
                profile=profile, issue_date=date(rng.randint(graduated, self.today.year), 6, 1)
            )
            for _ in range(rng.choice((0, 0, 1)))
        ]
        notes = [
            f.DemoNoteFactory.build(profile=profile, author=profile.user, organization=None)
            for _ in range(rng.choice((0, 1, 2)))
        ]
        self.careers[profile.pk] = Career(
            positions, education, skills, languages, projects, certifications
        )
        return [*education, *positions, *skills, *languages, *projects, *certifications, *notes]

    def resumes(self) -> None:
        """A resume file per candidate, its text made from their records, in turn PDF, DOCX
        and plain text; stored as an upload is (its digest kept), not yet parsed."""
        for index, profile in enumerate(self.profiles):
            extension = FORMATS[index % len(FORMATS)]
            lines = resume_lines(profile, self.careers[profile.pk])
            content = WRITERS[extension](lines, HEADINGS)
            profile.resume_file.save(f"resume.{extension}", ContentFile(content), save=False)
            profile.resume_sha256 = _sha256(content)
        CandidateProfile.objects.bulk_update(
            self.profiles, ["resume_file", "resume_sha256"], batch_size=BATCH
        )

    # --- applications -------------------------------------------------------------------------

    def applications(self, organizations: list[Organization]) -> None:
        """Up to four applications per candidate, FEATURED_APPLICANTS on the first job; the
        first five cover every state. Recruiters write notes on a third of the applicants."""
        rng = self.rng
        featured = self.open_jobs[0]
        pairs: list[tuple[JobPost, CandidateProfile]] = []
        for index, profile in enumerate(self.profiles):
            jobs = rng.sample(
                self.open_jobs, min(rng.choice((0, 1, 1, 2, 3, 4)), len(self.open_jobs))
            )
            if index < FEATURED_APPLICANTS and featured not in jobs:
                jobs.append(featured)
            pairs += [(job, profile) for job in jobs]
        states = list(STATE_WEIGHTS)
        weights = list(STATE_WEIGHTS.values())
        applications = [
            Application(
                job=job,
                candidate=profile,
                status=STATES[index] if index < len(STATES) else rng.choices(states, weights)[0],
            )
            for index, (job, profile) in enumerate(pairs)
        ]
        Application.objects.bulk_create(applications, batch_size=BATCH)
        position = {organization.pk: i for i, organization in enumerate(organizations)}
        notes = []
        for application in applications:
            if rng.random() < 0.33:
                members = self.members[position[application.job.organization_id]]
                notes.append(
                    f.DemoNoteFactory.build(
                        profile=application.candidate,
                        author=rng.choice(members).user,
                        organization_id=application.job.organization_id,
                        context={"job_id": application.job_id},
                    )
                )
        Note.objects.bulk_create(notes, batch_size=BATCH)

    # --- runs ---------------------------------------------------------------------------------

    def parse_resumes(self) -> None:
        """Each resume through the real parser: a `parse_resume` run, done here and now."""
        started = timezone.now()
        runs = [_new_run(parsing.KIND, profile, profile.resume_sha256) for profile in self.profiles]
        Run.objects.bulk_create(runs, batch_size=BATCH)
        outcomes = [execute_run.call_local(run.pk) for run in runs]
        took = (timezone.now() - started).total_seconds()
        failed = len(outcomes) - outcomes.count(Run.Status.SUCCEEDED)
        self.log(f"Parsed {len(runs)} resumes in {took:.1f} s ({failed} failed).")

    def rank(self) -> None:
        """A `rank_candidates` run for the RANKED_JOBS open jobs with the most applicants."""
        jobs = self._most_applied()
        for job in jobs:
            run = _new_run(ranking.KIND, job)
            run.save()
            execute_run.call_local(run.pk)
        self.log(f"Ranked the applicants of {len(jobs)} jobs.")

    def _most_applied(self) -> list[JobPost]:
        counts: dict[int, int] = {}
        for job_id in Application.objects.filter(
            job__in=[job.pk for job in self.open_jobs]
        ).values_list("job_id", flat=True):
            counts[job_id] = counts.get(job_id, 0) + 1
        best = sorted(counts, key=lambda job_id: (-counts[job_id], job_id))[:RANKED_JOBS]
        return [job for job in self.open_jobs if job.pk in best]


def _new_run(kind: str, subject, input_hash: str = "") -> Run:
    subject_type, subject_id = subject_key(subject)
    return Run(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        input_hash=input_hash,
        task_id=str(uuid.uuid4()),
    )


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _month(day: date | None) -> str:
    return "Present" if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def resume_lines(profile: CandidateProfile, career: Career) -> list[str]:
    """The resume of a demo profile, one line each: name, contact line, then the sections the
    parser knows, from the records `_Builder.records_of` made."""
    positions, education, skills = career.positions, career.education, career.skills
    languages, projects, certifications = career.languages, career.projects, career.certifications
    user = profile.user
    account = user.profile
    lines = [
        user.get_full_name(),
        f"{account.location} | {user.email} | {account.phone}",
        f"linkedin.com/in/{user.email.split('@')[0].replace('.', '-')}",
        "",
        "SUMMARY",
    ]
    title = positions[0].role if positions else f"{education[0].major} graduate"
    lines += [
        f"{title} who cares about accessible, well-made work. Looking for a "
        f"{'remote' if 'remote' in profile.work_mode_preferences else 'hybrid or on-site'} role.",
        "",
    ]
    if positions:
        lines.append("EXPERIENCE")
        for position in positions:
            lines += [
                position.role,
                f"{position.company}, {position.location} | "
                f"{_month(position.start_date)} - {_month(position.end_date)}",
                position.description,
                "",
            ]
    lines.append("EDUCATION")
    for school in education:
        lines += [
            f"{school.course_name}, {school.major}",
            f"{school.institution} | {school.start_year} - {school.end_year}",
            "",
        ]
    lines += ["SKILLS", ", ".join(skill.name for skill in skills), ""]
    lines += [
        "LANGUAGES",
        ", ".join(f"{lang.language} ({lang.speaking or 'basic'})" for lang in languages),
        "",
    ]
    if projects:
        lines.append("PROJECTS")
        for project in projects:
            lines += [project.project_name, project.description, project.url, ""]
    if certifications:
        lines.append("CERTIFICATIONS")
        lines += [
            f"{cert.name}, {cert.issuing_organization}, {_month(cert.issue_date)}"
            for cert in certifications
        ]
    return lines
