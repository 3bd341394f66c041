"""The candidates and jobs the career coach's tests talk about, as the core hands them over."""

from platform_core.documents import (
    PROFILE_SECTIONS,
    CandidateDocument,
    CandidatePreferences,
    CertificationRecord,
    CoachCandidate,
    CoachMessage,
    EducationRecord,
    JobDocument,
    ProjectRecord,
    WorkRecord,
)

BACKEND = JobDocument(
    id=11,
    title="Backend Developer",
    organization="Acme",
    skills=["Python", "PostgreSQL", "Docker", "Kubernetes"],
    location="Toronto, ON",
    workplace_type="remote",
    job_type="full-time",
    description="Build and run the APIs behind our booking service.",
)
ANALYST = JobDocument(
    id=12,
    title="Data Analyst",
    organization="Globex",
    skills=["SQL", "Python", "Tableau"],
    location="Ottawa, ON",
    workplace_type="hybrid",
    job_type="full-time",
)
SUPPORT = JobDocument(
    id=13,
    title="Support Engineer",
    organization="Initrode",
    skills=["Linux", "Docker", "Customer Service"],
    location="Toronto, ON",
    workplace_type="onsite",
    job_type="part-time",
)
JOBS = [BACKEND, ANALYST, SUPPORT]

# Skills spelled as people write them: "postgres" is PostgreSQL, "js" is JavaScript.
ADA = CandidateDocument(
    candidate_id=7,
    skills=["python", "postgres", "JS"],
    work_experience=[
        WorkRecord(
            role="Backend Developer",
            company="Initech",
            start_date="2019-03-01",
            current=True,
            description="Built Django APIs and moved the services into Kubernetes.",
        ),
        WorkRecord(
            role="Junior Web Developer",
            company="Hooli",
            start_date="2016-06-01",
            end_date="2019-02-01",
            description="Maintained the company website.",
        ),
    ],
    education=[
        EducationRecord(
            institution="University of Toronto",
            degree="BSc",
            field_of_study="Computer Science",
            start_year=2012,
            end_year=2016,
        )
    ],
    projects=[
        ProjectRecord(project_name="Bus Times", description="A Python app for bus arrivals.")
    ],
    certifications=[CertificationRecord(name="AWS Cloud Practitioner", issuing_organization="AWS")],
    languages=["English", "French"],
    summary="Backend developer who likes tidy APIs.",
    resume_text="Backend developer. Python, Django, PostgreSQL. Kubernetes in production.",
    has_parsed_resume=True,
    preferences=CandidatePreferences(
        work_modes=["remote", "hybrid"], employment_types=["full-time"], location="Toronto, ON"
    ),
)

# Everything but projects, certifications, links and the video pitch is filled in.
ADA_SECTIONS = {name: True for name in PROFILE_SECTIONS} | {
    "projects": False,
    "certifications": False,
    "links": False,
    "video_pitch": False,
}


def ada(**changes) -> CoachCandidate:
    fields = {"first_name": "Ada", "document": ADA, "sections": ADA_SECTIONS, "open_jobs": JOBS}
    return CoachCandidate(**(fields | changes))


def said(*texts: str) -> list[CoachMessage]:
    """A thread alternating user and coach messages, the user first (and so last when odd)."""
    return [
        CoachMessage(role="user" if i % 2 == 0 else "coach", content=text)
        for i, text in enumerate(texts)
    ]
