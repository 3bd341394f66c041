"""Paths, constants and helpers shared by the job tests."""

from django.core.serializers.json import DjangoJSONEncoder

from apps.jobs import ranking
from apps.jobs.models import JobPost, Ranking

JOBS = "/api/channels/jobs/"
BROWSE = "/api/channels/jobs/browse/"
MY_APPLICATIONS = "/api/channels/candidate/applications/"
PROFILES = "/api/candidates/profiles/"
PRIVATE_KEYS = {"user", "candidate_ranking_data", "ranking_task_id"}


def job_url(job: JobPost | int, suffix: str = "") -> str:
    pk = job if isinstance(job, int) else job.pk
    return f"{JOBS}{pk}/{suffix}"


def decision_url(job: JobPost, application) -> str:
    return job_url(job, f"applications/{application.pk}/decision/")


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()]


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()]


def iso(value) -> str:
    """A datetime as the API writes it (Django's JSON encoding)."""
    return DjangoJSONEncoder().default(value)


def job_snapshot(job: JobPost) -> dict:
    """The stored fields of a job, to show that a refused request changed nothing."""
    job = JobPost.objects.get(pk=job.pk)
    return {
        "title": job.title,
        "job_desc": job.job_desc,
        "workplace_type": job.workplace_type,
        "location": job.location,
        "job_type": job.job_type,
        "skills": sorted(job.skills.values_list("name", flat=True)),
        "estimated_salary": job.estimated_salary,
        "visa_required": job.visa_required,
        "status": job.status,
        "updated_at": job.updated_at,
    }


def expected_public_view(job: JobPost) -> dict:
    """A job's public view, built from the database."""
    job = JobPost.objects.select_related("organization").get(pk=job.pk)
    return {
        "id": job.pk,
        "organization": {
            "id": job.organization_id,
            "name": job.organization.name,
            "avatar_url": None,
        },
        "title": job.title,
        "job_desc": job.job_desc,
        "workplace_type": job.workplace_type,
        "workplace_type_display": job.get_workplace_type_display(),
        "location": job.location,
        "job_type": job.job_type,
        "job_type_display": job.get_job_type_display(),
        "skills": [{"id": skill.pk, "name": skill.name} for skill in job.skills.order_by("name")],
        "estimated_salary": job.estimated_salary,
        "visa_required": job.visa_required,
        "accommodations_offered": job.accommodations_offered,
        "accessibility_notes": job.accessibility_notes,
        "status": job.status,
        "ranking_status": ranking.ranking_status(job),
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
    }


def expected_members_view(job: JobPost, applications_count: int = 0) -> dict:
    """A job as the members of its organization see it, built from the database."""
    job = JobPost.objects.select_related("user").get(pk=job.pk)
    author = job.user
    return {
        **expected_public_view(job),
        "user": {
            "id": author.pk,
            "first_name": author.first_name,
            "last_name": author.last_name,
            "email": author.email,
            "is_verified": author.is_verified,
            "is_candidate": False,
        },
        "candidate_ranking_data": ranking_summary(job),
        "ranking_task_id": ranking.ranking_task_id(job),
        "applications_count": applications_count,
    }


def ranking_summary(job: JobPost) -> dict | None:
    """`candidate_ranking_data` of a job's members' view, from its stored ranking."""
    stored = Ranking.objects.filter(job=job).first()
    if stored is None:
        return None
    return {
        "ranker": {"plugin": stored.plugin, "version": stored.plugin_version},
        "last_updated": iso(stored.created_at),
        "ranked_count": stored.ranked_count,
    }
