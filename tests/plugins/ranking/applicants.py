"""A small applicant pool for the ranker's tests: one backend job and people who apply to it,
built as the core builds them (terms counted by `platform_core.terms.count_terms`, the job's with
its title twice).

`pool()` is a background of honest applicants of several professions, so idf means something;
a test adds the candidates it is about.
"""

from __future__ import annotations

from platform_core.documents import (
    CandidateDocument,
    CandidatePreferences,
    EducationRecord,
    JobDocument,
    WorkRecord,
)
from platform_core.terms import count_terms

BACKEND_DESCRIPTION = (
    "We are looking for a backend developer to design, build and maintain the REST APIs behind "
    "our hiring platform. You will write Python services with Django, model data in PostgreSQL, "
    "ship them in Docker containers to Kubernetes, review code and mentor junior developers. "
    "Our team values accessible products, clear documentation and automated tests. We offer a "
    "flexible schedule, health benefits and a learning budget; accommodation is available at "
    "every stage of the hiring process."
)
BACKEND_SKILLS = ["Python", "Django", "SQL", "Docker", "Kubernetes"]

BACKEND_RESUME = """Summary
Backend developer with six years of experience building REST APIs in Python and Django.

Skills
Python, Django, SQL, Docker, Git

Experience
Backend Developer, Northwind Software
- Designed REST APIs in Django and Python for a payments platform used by 40 banks.
- Moved services into Docker containers and cut deploy time in half.
- Tuned SQL queries and indexes; reviewed code for four junior developers.

Education
BSc Computer Science, University of Waterloo
"""

NURSE_RESUME = """Summary
Registered nurse with eight years on medical and surgical units.

Skills
Patient care, medication administration, wound care, charting

Experience
Registered Nurse, Halifax General Hospital
- Cared for up to six patients per shift on a busy surgical unit.
- Administered medication, dressed wounds and educated patients and families.
"""

ACCOUNTANT_RESUME = """Summary
Staff accountant who closes the books every month for a logistics company.

Skills
Accounting, Excel, reconciliation, accounts payable

Experience
Staff Accountant, Prairie Freight
- Prepared monthly financial statements and reconciled twelve bank accounts.
- Ran accounts payable for 300 vendors and supported the yearly audit.
"""

DATA_RESUME = """Summary
Data scientist who builds forecasting models in Python.

Skills
Python, SQL, Machine Learning, Pandas, Statistics

Experience
Data Scientist, Maple Analytics
- Built demand forecasting models in Python with pandas and scikit-learn.
- Wrote SQL pipelines and explained A/B test results to product managers.
"""

DESIGNER_RESUME = """Summary
Product designer focused on accessible interfaces.

Skills
Figma, User Research, Prototyping, Design Systems

Experience
UX Designer, Lighthouse Studio
- Ran user research with screen reader users and turned it into prototypes in Figma.
- Maintained the design system used by six product teams.
"""


def job(**fields: object) -> JobDocument:
    """The backend job (fields override); its terms as the core counts them."""
    values: dict[str, object] = {
        "id": 1,
        "title": "Backend Developer",
        "description": BACKEND_DESCRIPTION,
        "skills": BACKEND_SKILLS,
        "location": "Toronto, ON",
        "workplace_type": "hybrid",
        "job_type": "full-time",
        **fields,
    }
    title, description = str(values["title"]), str(values["description"])
    skills = list(values["skills"])  # type: ignore[call-overload]
    values.setdefault("terms", count_terms(f"{title}\n{title}\n{description}", skills))
    return JobDocument.model_validate(values)


def work(role: str, start: str, end: str | None = None, description: str = "") -> WorkRecord:
    return WorkRecord(
        role=role, start_date=start, end_date=end, current=end is None, description=description
    )


def resume(
    candidate_id: int,
    text: str,
    skills: list[str],
    *,
    roles: list[WorkRecord] | None = None,
    preferences: CandidatePreferences | None = None,
) -> CandidateDocument:
    """A candidate with a parsed resume: `terms` are the resume's, as the parser stores them."""
    return CandidateDocument(
        candidate_id=candidate_id,
        skills=skills,
        work_experience=roles or [],
        resume_text=text,
        terms=count_terms(text, skills),
        has_parsed_resume=True,
        preferences=preferences or CandidatePreferences(),
    )


def honest_backend(candidate_id: int = 10, **fields: object) -> CandidateDocument:
    """The honest match: a backend developer with 4 of the 5 skills and six years in the role."""
    return resume(
        candidate_id,
        BACKEND_RESUME,
        ["Python", "Django", "SQL", "Docker", "Git"],
        roles=[work("Backend Developer", "2018-01-01", description="REST APIs in Django")],
        **fields,  # type: ignore[arg-type]
    )


def pool() -> list[CandidateDocument]:
    """Honest applicants of other professions, ids 1-4, dated up to 2024-01-01."""
    return [
        resume(
            1,
            NURSE_RESUME,
            ["Patient Care", "Wound Care"],
            roles=[work("Registered Nurse", "2016-01-01", "2024-01-01")],
        ),
        resume(
            2,
            ACCOUNTANT_RESUME,
            ["Accounting", "Excel"],
            roles=[work("Staff Accountant", "2019-01-01", "2023-06-01")],
        ),
        resume(
            3,
            DATA_RESUME,
            ["Python", "SQL", "Machine Learning", "Pandas"],
            roles=[work("Data Scientist", "2020-01-01", "2024-01-01")],
        ),
        resume(
            4,
            DESIGNER_RESUME,
            ["Figma", "User Research", "Prototyping"],
            roles=[work("UX Designer", "2021-01-01", "2024-01-01")],
        ),
    ]


def records_only(candidate_id: int, **fields: object) -> CandidateDocument:
    """A backend developer without a parsed resume: profile records only."""
    values: dict[str, object] = {
        "candidate_id": candidate_id,
        "skills": ["Python", "Django"],
        "work_experience": [
            work(
                "Backend Developer",
                "2019-01-01",
                "2024-01-01",
                "Built REST APIs in Django with PostgreSQL.",
            )
        ],
        "education": [EducationRecord(degree="BSc", field_of_study="Computer Science")],
        **fields,
    }
    return CandidateDocument.model_validate(values)
