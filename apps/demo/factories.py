"""factory-boy factories for realistic demo data (`python manage.py demo`, apps/demo/seed.py).

Values come from Faker and factory-boy's fuzzy choices, both drawn from factory-boy's random
generator: `factory.random.reseed_random(seed)` makes every build repeatable. The factories
only build; seed.py saves in bulk. The test suite keeps its own, plainer factories
(tests/factories.py, tests/apps/*/factories.py): tests assert on predictable values
("Organization 3", "Job 7"), the demo wants names a person recognises.
"""

from __future__ import annotations

from dataclasses import dataclass

import factory
from django.utils.text import slugify
from factory import fuzzy

from apps.accounts.models import Profile, User
from apps.candidates.choices import (
    DisclosurePreference,
    EmploymentType,
    LanguageLevel,
    WorkMode,
)
from apps.candidates.models import (
    CandidateProfile,
    Certification,
    Education,
    Language,
    Note,
    Project,
    Skill,
    WorkExperience,
    new_slug,
)
from apps.jobs.accommodations import OFFERED
from apps.jobs.models import JobPost, JobStatus, JobType, WorkplaceType
from apps.organizations.models import EmployeeSize, Industry, Organization

EMAIL_DOMAIN = "demo.example.com"

CITIES = (
    "Toronto, ON",
    "Montreal, QC",
    "Vancouver, BC",
    "Calgary, AB",
    "Ottawa, ON",
    "Halifax, NS",
    "Winnipeg, MB",
    "Edmonton, AB",
    "Quebec City, QC",
    "Victoria, BC",
)


@dataclass(frozen=True)
class Field:
    """A line of work: its job titles, the skills it asks for, what the job does."""

    name: str
    industry: int
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    duties: tuple[str, ...]
    degrees: tuple[str, ...]


FIELDS = (
    Field(
        "software",
        Industry.SOFTWARE_PRODUCTS,
        (
            "Backend Developer",
            "Frontend Developer",
            "Full Stack Developer",
            "DevOps Engineer",
            "QA Analyst",
        ),
        (
            "Python",
            "Django",
            "JavaScript",
            "TypeScript",
            "React",
            "SQL",
            "PostgreSQL",
            "Docker",
            "Kubernetes",
            "AWS",
            "Git",
            "Linux",
            "REST APIs",
            "CI/CD",
            "Java",
        ),
        (
            "design, build and maintain services used by thousands of customers",
            "review code and pair with colleagues to ship small, frequent changes",
            "write automated tests and keep continuous integration green",
            "improve the accessibility of our web and mobile applications",
            "migrate legacy systems to a modern cloud platform",
        ),
        ("Computer Science", "Software Engineering", "Computer Engineering"),
    ),
    Field(
        "data",
        Industry.IT_SERVICES,
        ("Data Analyst", "Data Engineer", "Business Intelligence Analyst", "Data Scientist"),
        (
            "Python",
            "SQL",
            "Tableau",
            "Power BI",
            "Excel",
            "Statistics",
            "Pandas",
            "Machine Learning",
            "ETL",
            "Spark",
            "Data Visualization",
        ),
        (
            "turn operational data into dashboards that managers actually use",
            "build and document reliable data pipelines",
            "design experiments and explain their results in plain language",
            "clean, join and model data from several internal systems",
        ),
        ("Statistics", "Mathematics", "Economics", "Data Science"),
    ),
    Field(
        "design",
        Industry.SOFTWARE_PRODUCTS,
        ("UX Designer", "Product Designer", "Accessibility Specialist", "UX Researcher"),
        (
            "Figma",
            "User Research",
            "WCAG",
            "Accessibility Auditing",
            "Prototyping",
            "Screen Readers",
            "Usability Testing",
            "JAWS",
            "NVDA",
        ),
        (
            "run usability sessions with people who use assistive technology",
            "audit our products against WCAG 2.2 and plan the fixes with engineers",
            "turn research findings into prototypes and clear design decisions",
        ),
        ("Interaction Design", "Graphic Design", "Human-Computer Interaction"),
    ),
    Field(
        "customer",
        Industry.RETAIL,
        ("Customer Support Specialist", "Client Success Manager", "Retail Associate"),
        (
            "Customer Service",
            "Customer Support",
            "Zendesk",
            "Salesforce",
            "Cash Handling",
            "Communication",
            "Problem Solving",
            "Scheduling",
        ),
        (
            "answer customers by chat, email and phone, and follow each case to the end",
            "write help articles from the questions customers ask most",
            "work with the product team on the issues customers report",
        ),
        ("Business Administration", "Communications", "Psychology"),
    ),
    Field(
        "finance",
        Industry.FINANCE,
        ("Accountant", "Financial Analyst", "Payroll Specialist", "Bookkeeper"),
        (
            "Accounting",
            "QuickBooks",
            "Bookkeeping",
            "Financial Analysis",
            "Excel",
            "Payroll",
            "Budgeting",
            "Forecasting",
        ),
        (
            "prepare the monthly close and reconcile the accounts",
            "build budgets and forecasts with each department",
            "run payroll for a few hundred employees across three provinces",
        ),
        ("Accounting", "Finance", "Commerce"),
    ),
    Field(
        "operations",
        Industry.BUSINESS_SERVICES,
        ("Project Coordinator", "Operations Manager", "HR Coordinator", "Technical Writer"),
        (
            "Project Management",
            "Scrum",
            "Agile",
            "Jira",
            "Confluence",
            "Recruiting",
            "Onboarding",
            "Technical Writing",
            "Event Planning",
            "Microsoft Office",
        ),
        (
            "keep projects on schedule and stakeholders informed",
            "organise hiring and onboarding with accessible, flexible processes",
            "write documentation that people can follow on the first try",
        ),
        ("Business Administration", "Human Resources", "English"),
    ),
)

SENIORITY = ("Junior", "", "", "Senior", "Lead")
SALARIES = ("45,000 - 55,000 CAD", "60,000 - 75,000 CAD", "80,000 - 100,000 CAD", "")
CERTIFICATIONS = (
    ("AWS Certified Cloud Practitioner", "Amazon Web Services"),
    ("Certified Professional in Accessibility Core Competencies", "IAAP"),
    ("Google Data Analytics Certificate", "Google"),
    ("Project Management Professional", "PMI"),
    ("Chartered Professional Accountant", "CPA Canada"),
    ("Certified ScrumMaster", "Scrum Alliance"),
)
LANGUAGES = ("English", "French", "Spanish", "Mandarin", "Arabic", "Punjabi", "ASL")
UNIVERSITIES = (
    "University of Toronto",
    "McGill University",
    "University of British Columbia",
    "University of Waterloo",
    "Dalhousie University",
    "Concordia University",
    "Seneca College",
    "George Brown College",
)
ACCESSIBILITY_NOTES = (
    "Step-free entrance, an accessible washroom on every floor, and screen-reader friendly tools.",
    "Interviews by video or in person, with questions sent a day ahead on request.",
    "Quiet rooms and noise-cancelling headsets; meetings are captioned.",
    "",
)


def demo_email(first_name: str, last_name: str, n: int) -> str:
    """`first.last.n@demo.example.com`, ASCII whatever the names."""
    local = ".".join(part for part in (slugify(first_name), slugify(last_name)) if part)
    return f"{local or 'user'}.{n}@{EMAIL_DOMAIN}"


class DemoUserFactory(factory.django.DjangoModelFactory):
    """A verified user; pass `password=` an already made hash (one hash serves every user)."""

    class Meta:
        model = User

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttributeSequence(lambda o, n: demo_email(o.first_name, o.last_name, n))
    is_verified = True


class DemoAccountProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    phone = factory.LazyFunction(
        lambda: (
            f"({factory.random.randgen.randint(204, 905)}) 555-"
            f"{factory.random.randgen.randint(0, 9999):04d}"
        )
    )
    location = fuzzy.FuzzyChoice(CITIES)
    current_status = fuzzy.FuzzyChoice(("Open to work", "Employed", "Studying", ""))


class DemoOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        exclude = ("motto",)

    name = factory.Faker("company")
    motto = factory.Faker("catch_phrase")
    url = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)[:40]}.example.com")
    industry = fuzzy.FuzzyChoice(Industry.values)
    headquarter_location = fuzzy.FuzzyChoice(CITIES)
    about = factory.LazyAttribute(
        lambda o: f"{o.name} builds teams where disabled people do their best work. {o.motto}."
    )
    employee_size = fuzzy.FuzzyChoice(EmployeeSize.values)


def _pick(options, low: int, high: int) -> list:
    """Between `low` and `high` distinct items of `options`, in a random order."""
    randgen = factory.random.randgen
    return randgen.sample(list(options), randgen.randint(low, min(high, len(options))))


class DemoJobFactory(factory.django.DjangoModelFactory):
    """A job of `field` (a Field); `skill_names` is what seed.py attaches as its skills."""

    class Meta:
        model = JobPost
        exclude = ("field", "seniority", "skill_names")

    field = fuzzy.FuzzyChoice(FIELDS)
    seniority = fuzzy.FuzzyChoice(SENIORITY)
    title = factory.LazyAttribute(
        lambda o: f"{o.seniority} {factory.random.randgen.choice(o.field.titles)}".strip()
    )
    skill_names = factory.LazyAttribute(lambda o: _pick(o.field.skills, 3, 6))
    job_desc = factory.LazyAttribute(
        lambda o: (
            "You will " + "; ".join(_pick(o.field.duties, 2, 3)) + ". "
            f"We ask for {', '.join(o.skill_names)}. Our team works in a flexible, "
            "accessible way and we welcome applicants with disabilities."
        )
    )
    workplace_type = fuzzy.FuzzyChoice(WorkplaceType.values)
    location = fuzzy.FuzzyChoice(CITIES)
    job_type = fuzzy.FuzzyChoice(
        (JobType.FULL_TIME, JobType.FULL_TIME, JobType.PART_TIME, JobType.CONTRACT)
    )
    estimated_salary = fuzzy.FuzzyChoice(SALARIES)
    visa_required = fuzzy.FuzzyChoice((False, False, False, True))
    status = JobStatus.OPEN
    accommodations_offered = factory.LazyFunction(lambda: _pick(OFFERED, 1, 4))
    accessibility_notes = fuzzy.FuzzyChoice(ACCESSIBILITY_NOTES)


class DemoCandidateFactory(factory.django.DjangoModelFactory):
    """A candidate profile; about one in three shares disability data, at a chosen stage."""

    class Meta:
        model = CandidateProfile
        exclude = ("shares",)

    slug = factory.LazyAttribute(lambda o: new_slug(o.user.first_name))
    willing_to_relocate = fuzzy.FuzzyChoice((True, False, False))
    employment_type_preferences = factory.LazyFunction(
        lambda: _pick((EmploymentType.FULL_TIME, EmploymentType.PART_TIME, "contract"), 1, 2)
    )
    work_mode_preferences = factory.LazyFunction(lambda: _pick(WorkMode.values, 1, 2))
    has_workvisa = fuzzy.FuzzyChoice((True, True, False))
    expected_salary_range = fuzzy.FuzzyChoice(SALARIES)
    is_available = fuzzy.FuzzyChoice((True, True, True, False))
    shares = fuzzy.FuzzyChoice((True, False, False))
    disability_categories = factory.LazyAttribute(
        lambda o: (
            _pick(("physical", "sensory", "neurodevelopmental", "chronic_health"), 1, 2)
            if o.shares
            else []
        )
    )
    accommodation_needs = factory.LazyAttribute(lambda o: "YES" if o.shares else "")
    workplace_accommodations = factory.LazyAttribute(
        lambda o: _pick(OFFERED, 1, 3) if o.shares else []
    )
    disclosure_preference = factory.LazyAttribute(
        lambda o: (
            factory.random.randgen.choice(
                (DisclosurePreference.DURING_APPLICATION, DisclosurePreference.AFTER_JOB_OFFER)
            )
            if o.shares
            else DisclosurePreference.NOT_APPLICABLE
        )
    )


class DemoEducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    institution = fuzzy.FuzzyChoice(UNIVERSITIES)
    course_name = fuzzy.FuzzyChoice(("Bachelor of Science", "Bachelor of Arts", "Diploma"))
    major = "General Studies"
    start_year = fuzzy.FuzzyInteger(2004, 2018)
    end_year = factory.LazyAttribute(lambda o: o.start_year + 4)


class DemoExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    company = factory.Faker("company")
    role = "Associate"
    location = fuzzy.FuzzyChoice(CITIES)
    description = ""


class DemoSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    level = fuzzy.FuzzyChoice(("Expert", "Advanced", "Intermediate", "3 years", ""))


class DemoLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    speaking = fuzzy.FuzzyChoice(LanguageLevel.values)
    reading = fuzzy.FuzzyChoice(LanguageLevel.values)
    writing = fuzzy.FuzzyChoice(LanguageLevel.values)


class DemoProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    project_name = factory.Faker("catch_phrase")
    description = factory.Faker("sentence", nb_words=12)
    url = factory.LazyAttribute(lambda o: f"https://github.com/demo/{slugify(o.project_name)[:40]}")


class DemoCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        exclude = ("pair",)

    pair = fuzzy.FuzzyChoice(CERTIFICATIONS)
    name = factory.LazyAttribute(lambda o: o.pair[0])
    issuing_organization = factory.LazyAttribute(lambda o: o.pair[1])


class DemoNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    note = factory.Faker("sentence", nb_words=14)
    section = fuzzy.FuzzyChoice(("", "experience", "skills", "education"))


ALL_FACTORIES = (
    DemoUserFactory,
    DemoAccountProfileFactory,
    DemoOrganizationFactory,
    DemoJobFactory,
    DemoCandidateFactory,
    DemoEducationFactory,
    DemoExperienceFactory,
    DemoSkillFactory,
    DemoLanguageFactory,
    DemoProjectFactory,
    DemoCertificationFactory,
    DemoNoteFactory,
)
