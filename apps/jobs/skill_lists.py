"""A job's skills as its views list them (`[{id, name}]`), read in the job's own query.

The job lists and lookups annotate each job with its skills as JSON (`with_skills`) instead of
prefetching them: no second query, no JobSkill instance per skill, and the whole list compiles
once when it is a `PreparedQuery`. The order is the prefetch's: JobSkill's default ordering.
Whatever reads `job.skills` for another purpose (the search text, ranking) is unaffected.
"""

from django.db.models import OuterRef, QuerySet

from platform_core.sql_json import JSONRows

from .models import JobPost, JobSkill

ANNOTATION = "listed_skills"


def with_skills(jobs: QuerySet) -> QuerySet:
    """Annotate each job with its skills, `[{"id", "name"}]` in JobSkill's default order."""
    skills = JobSkill.objects.filter(jobs=OuterRef("pk")).order_by(*(JobSkill._meta.ordering or ()))
    return jobs.annotate(**{ANNOTATION: JSONRows(skills, id="id", name="name")})


def skills_of(job: JobPost):
    """The job's skills as listed: the annotation when the job was read with it, else its
    rows (a query unless prefetched)."""
    listed = getattr(job, ANNOTATION, None)
    return job.skills.all() if listed is None else listed
