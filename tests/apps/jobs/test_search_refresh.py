"""A job's search text follows every change of its inputs (title, description, skills,
organization, location), whatever path the change takes: the API, the model, either side of the
skills relation, a skill renamed or deleted, an organization renamed, the admin.

Each test asserts through browse `?search=` that the new word finds the job and the old word no
longer does; on PostgreSQL that is the full-text path (run with DATABASE_URL=postgres://...).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.jobs.models import JobPost, JobSkill
from tests.apps.organizations.factories import OrganizationFactory
from tests.factories import UserFactory

from .factories import JobPostFactory, skill_rows
from .helpers import BROWSE, JOBS, ids, job_url


def found(api, word: str) -> list[int]:
    """The ids of the open jobs `?search=word` finds."""
    response = api.get(BROWSE, {"search": word})
    assert response.status_code == 200, response.content
    return ids(response)


def skill(name: str) -> JobSkill:
    (row,) = skill_rows([name])
    return row


@pytest.fixture
def job(organization):
    return JobPostFactory(
        organization=organization,
        title="Cobol Engineer",
        job_desc="Maintain the mainframe.",
        location="Halifax",
        skills=["Fortran"],
    )


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


# --- the job's own fields: model save -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("title", "Cobol", "Haskell Engineer"),
        ("job_desc", "mainframe", "Tend the greenhouse."),
        ("location", "Halifax", "Winnipeg"),
    ],
)
def test_model_save_refreshes_search_text(api, job, field, old, new):
    setattr(job, field, new)
    job.save()

    assert found(api, new.split()[0]) == [job.pk]
    assert found(api, old) == []


def test_model_save_with_update_fields_refreshes_search_text(api, job):
    job.title = "Haskell Engineer"
    job.save(update_fields=["title"])

    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Cobol") == []


def test_model_save_moving_job_to_another_organization_refreshes_search_text(api, job):
    job.organization = OrganizationFactory(name="Zenith")
    job.save()

    assert found(api, "Zenith") == [job.pk]
    assert found(api, "Acme") == []


def test_model_save_with_update_fields_naming_the_foreign_key_refreshes_search_text(api, job):
    job.organization = OrganizationFactory(name="Zenith")
    job.save(update_fields=["organization"])

    assert found(api, "Zenith") == [job.pk]
    assert found(api, "Acme") == []


def test_model_create_composes_search_text(api, organization):
    created = JobPost.objects.create(organization=organization, title="Haskell Engineer")

    assert found(api, "Haskell") == [created.pk]
    assert found(api, "Acme") == [created.pk]


def test_save_of_unrelated_fields_does_not_recompose(job):
    job.visa_required = True

    with CaptureQueriesContext(connection) as queries:
        job.save(update_fields=["visa_required"])

    assert len(queries) == 1  # the UPDATE alone: no skills or organization read


def test_full_save_of_a_stale_instance_keeps_the_refreshed_text(api, job):
    """An instance loaded before a skill change must not write its old text back."""
    stale = JobPost.objects.get(pk=job.pk)
    skill("Haskell").jobs.add(job)

    stale.visa_required = True
    stale.save()

    assert found(api, "Haskell") == [job.pk]
    assert JobPost.objects.get(pk=job.pk).visa_required is True


# --- skills, from the job's side and from the skill's -------------------------------------------


def test_skills_add_from_job_refreshes_search_text(api, job):
    job.skills.add(skill("Haskell"))

    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Fortran") == [job.pk]


def test_skills_remove_from_job_refreshes_search_text(api, job):
    job.skills.remove(skill("Fortran"))

    assert found(api, "Fortran") == []
    assert found(api, "Cobol") == [job.pk]


def test_skills_clear_from_job_refreshes_search_text(api, job):
    job.skills.clear()

    assert found(api, "Fortran") == []
    assert found(api, "Cobol") == [job.pk]


def test_skills_set_from_job_refreshes_search_text(api, job):
    job.skills.set([skill("Haskell")])

    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Fortran") == []


def test_skills_add_from_skill_refreshes_search_text(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other")

    skill("Haskell").jobs.add(job, other)

    assert found(api, "Haskell") == [other.pk, job.pk]


def test_skills_remove_from_skill_refreshes_search_text(api, job):
    skill("Fortran").jobs.remove(job)

    assert found(api, "Fortran") == []


def test_skills_clear_from_skill_refreshes_search_text(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other", skills=["Fortran"])
    kept = JobPostFactory(organization=organization, title="Kept", skills=["Haskell"])

    skill("Fortran").jobs.clear()

    assert found(api, "Fortran") == []
    assert found(api, "Haskell") == [kept.pk]
    assert sorted(found(api, "Acme")) == sorted([job.pk, other.pk, kept.pk])


def test_skills_set_from_skill_refreshes_search_text(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other")

    skill("Fortran").jobs.set([other])

    assert found(api, "Fortran") == [other.pk]


# --- skill renames and deletions ----------------------------------------------------------------


def test_skill_rename_refreshes_every_job_that_has_it(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other", skills=["Fortran", "SQL"])
    untouched = JobPostFactory(organization=organization, title="Untouched", skills=["SQL"])
    fortran = JobSkill.objects.get(name="Fortran")

    fortran.name = "Haskell"
    fortran.save()

    assert found(api, "Haskell") == [other.pk, job.pk]
    assert found(api, "Fortran") == []
    assert found(api, "SQL") == [untouched.pk, other.pk]


def _rename_queries(skill_row: JobSkill, name: str) -> int:
    skill_row.name = name
    with CaptureQueriesContext(connection) as queries:
        skill_row.save()
    return len(queries)


def test_skill_rename_makes_the_same_queries_for_1_and_30_jobs(api, organization):
    alone = skill("Fortran")
    JobPostFactory(organization=organization, skills=["Fortran"])
    shared = skill("Pascal")
    for _ in range(30):
        JobPostFactory(organization=organization, skills=["Pascal", "SQL"])

    one, thirty = _rename_queries(alone, "Haskell"), _rename_queries(shared, "Erlang")

    assert one == thirty
    assert len(found(api, "Erlang")) == 30


def test_skill_save_without_rename_does_not_touch_jobs(job):
    fortran = JobSkill.objects.get(name="Fortran")

    with CaptureQueriesContext(connection) as queries:
        fortran.save()

    assert len(queries) == 1


def test_skill_delete_refreshes_its_jobs(api, job):
    JobSkill.objects.get(name="Fortran").delete()

    assert found(api, "Fortran") == []
    assert found(api, "Cobol") == [job.pk]


# --- organization rename ------------------------------------------------------------------------


def test_organization_rename_refreshes_its_jobs(api, job, organization, other_organization):
    theirs = JobPostFactory(organization=other_organization, title="Theirs")

    organization.name = "Zenith"
    organization.save()

    assert found(api, "Zenith") == [job.pk]
    assert found(api, "Acme") == []
    assert found(api, "Globex") == [theirs.pk]


def test_organization_rename_with_update_fields_refreshes_its_jobs(api, job, organization):
    organization.name = "Zenith"
    organization.save(update_fields=["name"])

    assert found(api, "Zenith") == [job.pk]
    assert found(api, "Acme") == []


def test_organization_save_of_other_fields_does_not_touch_jobs(job, organization, employer):
    organization.root_user = employer

    with CaptureQueriesContext(connection) as queries:
        organization.save(update_fields=["root_user"])

    assert len(queries) == 1


# --- the admin ----------------------------------------------------------------------------------


def form_errors(response) -> dict:
    """The admin form's errors, to say why a save did not redirect."""
    return response.context["adminform"].form.errors if response.context else {}


def _admin_job_form(job: JobPost, **changes) -> dict:
    """The admin change form of `job` as a browser posts it, with `changes`."""
    data = {
        "organization": job.organization_id,
        "user": job.user_id or "",
        "title": job.title,
        "job_desc": job.job_desc,
        "workplace_type": job.workplace_type,
        "location": job.location,
        "job_type": job.job_type,
        "skills": [row.pk for row in job.skills.all()] if job.pk else [],
        "estimated_salary": job.estimated_salary,
        "status": job.status,
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_admin_change_of_job_fields_and_skills_refreshes_search_text(api, admin_client, job):
    url = reverse("admin:jobs_jobpost_change", args=[job.pk])
    form = _admin_job_form(job, title="Haskell Engineer", skills=[skill("Erlang").pk])

    response = admin_client.post(url, form)

    assert response.status_code == 302, form_errors(response)
    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Erlang") == [job.pk]
    assert found(api, "Cobol") == []
    assert found(api, "Fortran") == []


def test_admin_change_of_skills_alone_refreshes_search_text(api, admin_client, job):
    url = reverse("admin:jobs_jobpost_change", args=[job.pk])

    response = admin_client.post(url, _admin_job_form(job, skills=[]))

    assert response.status_code == 302, form_errors(response)
    assert found(api, "Fortran") == []
    assert found(api, "Cobol") == [job.pk]


def test_admin_add_job_composes_search_text(api, admin_client, organization):
    data = {
        **_admin_job_form(JobPost(organization=organization, title="Haskell Engineer")),
        "skills": [skill("Erlang").pk],
    }

    response = admin_client.post(reverse("admin:jobs_jobpost_add"), data)

    assert response.status_code == 302, form_errors(response)
    created = JobPost.objects.get()
    assert found(api, "Haskell") == [created.pk]
    assert found(api, "Erlang") == [created.pk]


def test_admin_skill_rename_refreshes_search_text(api, admin_client, job):
    fortran = JobSkill.objects.get(name="Fortran")
    url = reverse("admin:jobs_jobskill_change", args=[fortran.pk])

    response = admin_client.post(url, {"name": "Haskell", "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Fortran") == []


def test_admin_skill_rename_onto_existing_name_is_a_form_error(admin_client, job):
    skill("Haskell")
    fortran = JobSkill.objects.get(name="Fortran")
    url = reverse("admin:jobs_jobskill_change", args=[fortran.pk])

    response = admin_client.post(url, {"name": "HASKELL", "_save": "Save"})

    assert response.status_code == 200  # the form again, with its error
    assert "A skill with this name already exists." in response.content.decode()
    assert JobSkill.objects.get(pk=fortran.pk).name == "Fortran"


# --- the API: search text follows, in bounded queries -------------------------------------------


def test_api_patch_of_title_and_skills_refreshes_search_text(api, employer_api, job):
    response = employer_api.patch(job_url(job), {"title": "Haskell Engineer", "skills": ["Erlang"]})

    assert response.status_code == 200, response.content
    assert found(api, "Haskell") == [job.pk]
    assert found(api, "Erlang") == [job.pk]
    assert found(api, "Cobol") == []
    assert found(api, "Fortran") == []


def _create_queries(client, skills: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(JOBS, {"title": "Engineer", "skills": skills})
    assert response.status_code == 201, response.content
    return len(queries)


def test_api_create_makes_the_same_queries_for_1_and_20_new_skills(employer_api):
    one = _create_queries(employer_api, ["Skill 0"])
    twenty = _create_queries(employer_api, [f"Skill {n}" for n in range(1, 21)])

    assert one == twenty
    assert [job.skills.count() for job in JobPost.objects.order_by("pk")] == [1, 20]


def _patch_queries(client, job: JobPost, skills: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(job_url(job), {"title": "Changed", "skills": skills})
    assert response.status_code == 200, response.content
    return len(queries)


def test_api_update_makes_the_same_queries_for_1_and_20_skills(employer_api, organization):
    first = JobPostFactory(organization=organization, skills=["Old"])
    second = JobPostFactory(organization=organization, skills=[f"Old {n}" for n in range(20)])

    one = _patch_queries(employer_api, first, ["New"])
    twenty = _patch_queries(employer_api, second, [f"New {n}" for n in range(20)])

    assert one == twenty
    assert sorted(second.skills.values_list("name", flat=True)) == sorted(
        f"New {n}" for n in range(20)
    )
