"""Fictional people for the generated resume corpus, drawn with a seeded `random.Random`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Job:
    company: str
    role: str
    start: tuple[int, int]
    end: tuple[int, int] | None  # None: current
    location: str
    bullets: list[str]


@dataclass
class School:
    institution: str
    degree: str
    field_of_study: str
    start: int
    end: int


@dataclass
class Person:
    first: str
    last: str
    title: str
    email: str
    phone: str
    location: str
    linkedin: str
    summary: str
    skills: list[str]  # as written on the resume
    canonical_skills: list[str]  # the labels
    jobs: list[Job]
    schools: list[School]
    languages: list[tuple[str, str]]
    certifications: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


FIRST = [
    "Jane", "Amir", "Priya", "Wei", "Fatima", "Liam", "Sofia", "Kwame", "Mei", "Daniel",
    "Aaliyah", "Jean-Luc", "Siobhán", "Mateo", "Noor", "Olivia", "Hiroshi", "Chloé", "Tariq", "Grace",
]  # fmt: skip
LAST = [
    "Doe", "Okafor", "Raghunathan", "Zhang", "Al-Sayed", "Tremblay", "García", "Mensah", "Chen",
    "O'Brien", "van der Berg", "Nguyen", "Kowalski", "Singh", "MacDonald", "Haddad", "Rossi",
    "Bouchard", "Yamamoto", "Adeyemi",
]  # fmt: skip
CITIES = [
    "Toronto, ON",
    "Vancouver, BC",
    "Montréal, QC",
    "Halifax, NS",
    "Calgary, AB",
    "Ottawa, ON",
    "Winnipeg, MB",
    "Seattle, WA",
    "Boston, MA",
    "London, United Kingdom",
]
PHONES = ["({a}) {b}-{c}", "+1 {a} {b} {c}", "{a}.{b}.{c}", "{a}-{b}-{c}", "+1 ({a}) {b}-{c}"]
COMPANIES = [
    "Northwind Health", "Maple Leaf Foods", "Riverbend Hospital", "Bluewave Analytics Inc.",
    "Cedar & Pine Design Studio", "Lakeshore Credit Union", "Summit Builders Ltd.", "Orbit Labs",
    "Harbourfront Logistics", "City of Mississauga", "Greenfield Public Library",
    "Atlas Financial Group", "Brightpath Consulting", "Evergreen Home Care", "Pixelwise Media",
    "Tidewater Technologies", "Aurora Community Clinic", "Ironclad Manufacturing Corp.",
    "Silverline Software", "Westbrook Insurance", "Copperleaf Systems", "Kestrel Energy",
]  # fmt: skip
SCHOOLS = [
    "University of Toronto", "McGill University", "George Brown College", "Humber College",
    "University of British Columbia", "Seneca Polytechnic", "Dalhousie University",
    "British Columbia Institute of Technology", "Université de Montréal", "Sheridan College",
    "Toronto Metropolitan University", "Queen's University", "University of Waterloo",
    "Mohawk College", "Concordia University",
]  # fmt: skip
LANGUAGES = [
    ("English", "Native"),
    ("French", "Fluent"),
    ("Spanish", "Intermediate"),
    ("Mandarin", "Native"),
    ("Arabic", "Fluent"),
    ("Punjabi", "Basic"),
    ("Tagalog", "Intermediate"),
]

# Profession: titles, skills (canonical, as the resume may spell them), degrees, bullet templates.
PROFESSIONS = {
    "software": {
        "titles": [
            "Software Engineer",
            "Senior Software Developer",
            "Front-End Developer",
            "Backend Engineer",
            "Full Stack Developer",
        ],
        "skills": [
            ("Python", "Python"),
            ("JavaScript", "JavaScript"),
            ("React", "React.js"),
            ("TypeScript", "TypeScript"),
            ("Django", "Django"),
            ("PostgreSQL", "Postgres"),
            ("Docker", "Docker"),
            ("Kubernetes", "k8s"),
            ("AWS", "AWS"),
            ("Git", "Git"),
            ("Node.js", "Node.js"),
            ("GraphQL", "GraphQL"),
            ("CI/CD", "CI/CD"),
            ("Accessibility", "Accessibility"),
            ("WCAG", "WCAG 2.1"),
            ("Jest", "Jest"),
            ("Agile", "Agile"),
            ("Go", "Go"),
            ("C++", "C++"),
            ("Linux", "Linux"),
        ],
        "degrees": [
            ("Bachelor of Science", "Computer Science"),
            ("BEng", "Software Engineering"),
            ("Diploma", "Computer Programming"),
        ],
        "bullets": [
            "Built services in {s} used by over {n},000 customers",
            "Cut page load time by {n}% by profiling {s} code",
            "Mentored {n} junior developers on {s} and code quality",
        ],
    },
    "healthcare": {
        "titles": [
            "Registered Nurse",
            "Clinical Nurse",
            "Medical Office Assistant",
            "Health Care Aide",
            "Charge Nurse",
        ],
        "skills": [
            ("Patient Care", "Patient Care"),
            ("CPR", "CPR"),
            ("Basic Life Support", "BLS"),
            ("Electronic Health Records", "EMR"),
            ("Medication Administration", "Medication Administration"),
            ("Wound Care", "Wound Care"),
            ("Infection Control", "Infection Control"),
            ("Triage", "Triage"),
            ("Medical Terminology", "Medical Terminology"),
            ("Epic", "Epic"),
            ("Patient Education", "Patient Education"),
            ("Vital Signs", "Vital Signs"),
            ("Dementia Care", "Dementia Care"),
            ("HIPAA", "HIPAA"),
        ],
        "degrees": [
            ("Bachelor of Science in Nursing", ""),
            ("Diploma", "Practical Nursing"),
            ("Certificate", "Health Information Management"),
        ],
        "bullets": [
            "Provided {s} for a {n}-bed medical unit",
            "Trained {n} new staff in {s} procedures",
            "Reduced charting errors by {n}% using {s}",
        ],
    },
    "finance": {
        "titles": [
            "Financial Analyst",
            "Staff Accountant",
            "Payroll Specialist",
            "Senior Accountant",
            "Bookkeeper",
        ],
        "skills": [
            ("Financial Analysis", "Financial Analysis"),
            ("Excel", "Excel"),
            ("QuickBooks", "QuickBooks"),
            ("Financial Reporting", "Financial Reporting"),
            ("GAAP", "GAAP"),
            ("Accounts Payable", "Accounts Payable"),
            ("Budgeting", "Budgeting"),
            ("Forecasting", "Forecasting"),
            ("SAP", "SAP"),
            ("Power BI", "Power BI"),
            ("Payroll", "Payroll"),
            ("Xero", "Xero"),
            ("Financial Modeling", "Financial Modelling"),
            ("IFRS", "IFRS"),
        ],
        "degrees": [
            ("Bachelor of Commerce", "Accounting"),
            ("BBA", "Finance"),
            ("Diploma", "Business Accounting"),
        ],
        "bullets": [
            "Prepared monthly {s} for {n} business units",
            "Automated {s} workflows saving {n} hours a month",
            "Reconciled {n} accounts each quarter with {s}",
        ],
    },
    "trades": {
        "titles": [
            "Electrician Apprentice",
            "Warehouse Associate",
            "Maintenance Technician",
            "Machinist",
            "Material Handler",
        ],
        "skills": [
            ("Forklift Operation", "Forklift Operation"),
            ("Blueprint Reading", "Blueprint Reading"),
            ("WHMIS", "WHMIS"),
            ("OSHA", "OSHA"),
            ("Workplace Safety", "Workplace Safety"),
            ("Inventory Control", "Inventory Control"),
            ("Welding", "Welding"),
            ("CNC Programming", "CNC Programming"),
            ("Maintenance", "Preventive Maintenance"),
            ("Shipping and Receiving", "Shipping and Receiving"),
            ("HVAC", "HVAC"),
            ("AutoCAD", "AutoCAD"),
            ("Quality Control", "Quality Control"),
        ],
        "degrees": [
            ("Certificate", "Electrical Techniques"),
            ("Diploma", "Mechanical Technician"),
            ("Certificate", "Welding and Fabrication"),
        ],
        "bullets": [
            "Handled {s} for {n} shipments a day",
            "Kept a {n}-month record with no incidents following {s} rules",
            "Cut rework by {n}% through {s} checks",
        ],
    },
    "design": {
        "titles": [
            "UX Designer",
            "Graphic Designer",
            "Product Designer",
            "Visual Designer",
            "Accessibility Specialist",
        ],
        "skills": [
            ("Figma", "Figma"),
            ("Adobe Photoshop", "Photoshop"),
            ("Adobe Illustrator", "Adobe Illustrator"),
            ("UX Research", "User Research"),
            ("Prototyping", "Prototyping"),
            ("Wireframing", "Wireframing"),
            ("Typography", "Typography"),
            ("Design Systems", "Design Systems"),
            ("Inclusive Design", "Inclusive Design"),
            ("JAWS", "JAWS"),
            ("NVDA", "NVDA"),
            ("VoiceOver", "VoiceOver"),
            ("Screen Readers", "screen readers"),
            ("WCAG", "WCAG"),
            ("Usability Testing", "Usability Testing"),
            ("Adobe InDesign", "InDesign"),
        ],
        "degrees": [
            ("Bachelor of Design", "Visual Communication"),
            ("BFA", "Digital Media"),
            ("Diploma", "Visual Arts"),
        ],
        "bullets": [
            "Ran {n} rounds of {s} with disabled users",
            "Shipped a {s} library used across {n} products",
            "Audited {n} screens with {s}",
        ],
    },
    "admin": {
        "titles": [
            "Administrative Assistant",
            "Customer Service Representative",
            "Office Coordinator",
            "Receptionist",
            "Records Clerk",
        ],
        "skills": [
            ("Microsoft Office", "MS Office"),
            ("Customer Service", "Customer Service"),
            ("Data Entry", "Data Entry"),
            ("Scheduling", "Scheduling"),
            ("Salesforce", "Salesforce"),
            ("Zendesk", "Zendesk"),
            ("Microsoft Word", "Microsoft Word"),
            ("Excel", "MS Excel"),
            ("Google Workspace", "G Suite"),
            ("Bookkeeping", "Bookkeeping"),
            ("Dragon NaturallySpeaking", "Dragon NaturallySpeaking"),
            ("Typing", "Typing"),
            ("Conflict Resolution", "Conflict Resolution"),
        ],
        "degrees": [
            ("Diploma", "Office Careers"),
            ("Certificate", "Business Administration"),
            ("Bachelor of Arts", "Communications"),
        ],
        "bullets": [
            "Answered {n} calls a day using {s}",
            "Kept records for {n} clients in {s}",
            "Introduced {s} templates that saved {n} hours a week",
        ],
    },
}


def make_person(seed: int, section_only: set[str]) -> Person:
    """A person drawn from `seed`; `section_only` are the skills matched only in a skills section,
    which bullet points therefore never mention (so the labels stay exact)."""
    rng = random.Random(seed)
    profession = PROFESSIONS[list(PROFESSIONS)[seed % len(PROFESSIONS)]]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    handle = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    handle = handle.translate(str.maketrans("áéíóúç", "aeiouc"))
    email = rng.choice(
        [
            f"{handle}@example.com",
            f"{handle[0]}{handle.split('.')[1]}@mail.example.org",
            f"{handle.replace('.', '')}{rng.randint(1, 99)}@example.net",
        ]
    )
    digits = dict(
        a=rng.choice(["416", "647", "604", "514", "902", "403"]),
        b=f"{rng.randint(200, 989)}",
        c=f"{rng.randint(0, 9999):04d}",
    )
    phone = rng.choice(PHONES).format(**digits)
    picked = rng.sample(profession["skills"], k=min(len(profession["skills"]), rng.randint(7, 11)))
    jobs: list[Job] = []
    year = 2025
    companies = rng.sample(COMPANIES, k=rng.randint(2, 3))
    mentionable = [written for canonical, written in picked if canonical not in section_only]
    for position, company in enumerate(companies):
        start = (year - rng.randint(2, 4), rng.randint(1, 12))
        end = None if position == 0 else (year, rng.randint(1, 12))
        bullets = [
            template.format(
                s=rng.choice(mentionable) if mentionable else "teamwork", n=rng.randint(2, 40)
            )
            for template in rng.sample(profession["bullets"], k=2)
        ]
        jobs.append(
            Job(company, rng.choice(profession["titles"]), start, end, rng.choice(CITIES), bullets)
        )
        year = start[0]
    degree, field_of_study = rng.choice(profession["degrees"])
    schools = [School(rng.choice(SCHOOLS), degree, field_of_study, year - 4, year)]
    if rng.random() < 0.4:
        other = rng.choice([s for s in SCHOOLS if s != schools[0].institution])
        schools.append(School(other, "Certificate", "Leadership Studies", year - 6, year - 5))
    title = rng.choice(profession["titles"])
    summary = (
        f"{title} with {rng.randint(3, 15)} years of experience, known for reliable work, "
        "clear communication with colleagues and a steady focus on the people served."
    )
    languages = rng.sample(LANGUAGES, k=2)
    certs = (
        [("Certified Professional in Accessibility Core Competencies", "IAAP", 2021)]
        if rng.random() < 0.5
        else []
    )
    return Person(
        first=first, last=last, title=title, email=email, phone=phone,
        location=rng.choice(CITIES), linkedin=f"linkedin.com/in/{handle.replace('.', '-')}",
        summary=summary, skills=[written for _, written in picked],
        canonical_skills=[canonical for canonical, _ in picked], jobs=jobs, schools=schools,
        languages=languages, certifications=certs,
    )  # fmt: skip


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def dates(job: Job, style: int = 0) -> str:
    """ "Jan 2020 – Present", "01/2020 - 03/2023" or "2020 – 2023"."""

    def one(value: tuple[int, int]) -> str:
        year, month = value
        return [f"{MONTHS[month - 1]} {year}", f"{month:02d}/{year}", f"{year}"][style % 3]

    return f"{one(job.start)} – {one(job.end) if job.end else 'Present'}"
