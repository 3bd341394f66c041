"""Keep the jobs' search text and skill keys current wherever their inputs change outside
`JobPost.save()`.

`JobPost.save()` recomposes both when the job's own fields change (title, description, location,
organization). The receivers here cover the rest: the job's skills (M2M changes from either
side, the admin's included), a skill renamed or deleted, and an organization renamed. Each
refreshes the jobs concerned in a fixed number of queries (services.refresh_search_documents,
which recomposes both; a renamed skill keeps its key unless its letters change).

Bulk `QuerySet.update()` calls send no signals: code that renames skills or organizations that
way must call `refresh_search_documents` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from apps.organizations.models import Organization

from .models import JobPost, JobSkill
from .services import refresh_search_document, refresh_search_documents


@receiver(post_save, sender=Organization)
def refresh_after_organization_rename(sender, instance: Organization, created: bool, **kwargs):
    """A renamed organization: its jobs' search text carries its name."""
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and "name" not in update_fields):
        return
    refresh_search_documents(JobPost.objects.filter(organization=instance))


@receiver(m2m_changed, sender=JobPost.skills.through)
def refresh_after_skills_change(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    """Skills added to, removed from or cleared off a job (`job.skills.add(...)`, the admin's
    form), or jobs added to or removed from a skill (`skill.jobs.add(...)`)."""
    if action == "pre_clear" and reverse:
        # After the clear the skill's jobs are gone: remember them now.
        instance.__dict__["_cleared_job_ids"] = list(instance.jobs.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:
        return  # nothing changed
    if not reverse:
        refresh_search_document(instance)
        return
    job_ids = pk_set if action != "post_clear" else instance.__dict__.pop("_cleared_job_ids", [])
    if job_ids:
        refresh_search_documents(JobPost.objects.filter(pk__in=job_ids))


@receiver(post_save, sender=JobSkill)
def refresh_after_skill_rename(sender, instance: JobSkill, created: bool, **kwargs):
    """A renamed skill: every job that has it, in a few queries per 500 jobs."""
    if not created and getattr(instance, "name_changed", True):
        refresh_search_documents(JobPost.objects.filter(skills=instance))


@receiver(pre_delete, sender=JobSkill)
def remember_jobs_of_deleted_skill(sender, instance: JobSkill, **kwargs):
    # The delete removes the M2M rows without an m2m_changed signal.
    instance.__dict__["_deleted_job_ids"] = list(instance.jobs.values_list("pk", flat=True))


@receiver(post_delete, sender=JobSkill)
def refresh_after_skill_delete(sender, instance: JobSkill, **kwargs):
    job_ids = instance.__dict__.pop("_deleted_job_ids", [])
    if job_ids:
        refresh_search_documents(JobPost.objects.filter(pk__in=job_ids))
