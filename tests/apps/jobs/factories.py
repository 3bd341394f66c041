"""factory-boy factories for job posts and applications."""

import factory

from apps.jobs.models import Application, ApplicationStatus, JobPost, JobSkill, JobStatus
from platform_core.schemas import skill_key
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import OrganizationFactory


def skill_rows(names):
    """The JobSkill rows for `names`, one per name whatever its case (created when missing)."""
    rows = []
    for name in names:
        skill = JobSkill.objects.filter(key=skill_key(name)).first()
        rows.append(skill or JobSkill.objects.create(name=name))
    return rows


class JobPostFactory(factory.django.DjangoModelFactory):
    """A job post; `skills=["Python", ...]` attaches skills by name. The model and its signals
    keep the search text current (nothing here does), so browse `?search=` finds these jobs."""

    class Meta:
        model = JobPost
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    user = None
    title = factory.Sequence(lambda n: f"Job {n}")
    job_desc = "Build accessible software."
    location = "Toronto"
    estimated_salary = "70000"
    status = JobStatus.OPEN

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            self.skills.set(skill_rows(extracted))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    job = factory.SubFactory(JobPostFactory)
    candidate = factory.SubFactory(CandidateProfileFactory)
    status = ApplicationStatus.APPLIED
