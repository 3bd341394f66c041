"""Browse `?skills=` reads the skill keys stored on the job (migration 0008): the same jobs as
the `EXISTS` over the skills relation it replaced, for any key, on SQLite and PostgreSQL (run
with DATABASE_URL=postgres://...), and the stored keys follow every change of the job's skills.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from apps.jobs.models import JobPost, JobSkill, JobStatus
from platform_core.schemas import skill_keys

from .factories import JobPostFactory, skill_rows
from .helpers import BROWSE, JOBS, ids, job_url

fill_migration = importlib.import_module("apps.jobs.migrations.0008_job_skill_keys")

# Names whose keys a match of the JSON text or a LIKE pattern could confuse with another's: the
# second of each pair must not match the first's key.
NAMES = [
    "Python",
    "python 3",
    "Machine Learning",
    'C "quoted"',
    'a"b',
    'x"a"b',
    "100%",
    "100x",
    "snake_case",
    "snakeXcase",
    "back\\slash",
    "back\\\\slash",
    "Straße",
    "Ünïcödé",
    "SQL",
]


def keys_of(job: JobPost) -> list[str]:
    return JobPost.objects.values_list("skill_keys", flat=True).get(pk=job.pk)


def old_filter(value: str) -> list[int]:
    """The open jobs the `EXISTS` filter browse used before 0008 keeps, newest first."""
    jobs = JobPost.objects.filter(status=JobStatus.OPEN)
    for key in skill_keys(value):
        through = JobPost.skills.through.objects.filter(jobpost=OuterRef("pk"), jobskill__key=key)
        jobs = jobs.filter(Exists(through))
    return list(jobs.order_by("-created_at", "-id").values_list("pk", flat=True))


def browse(api, value: str) -> list[int]:
    response = api.get(BROWSE, {"skills": value, "page_size": 100})
    assert response.status_code == 200, response.content
    return ids(response)


@pytest.fixture
def jobs(organization):
    """One job per name, a job with two of them, and one without skills."""
    made = [JobPostFactory(organization=organization, skills=[name]) for name in NAMES]
    made.append(JobPostFactory(organization=organization, skills=["Python", "100%", "Straße"]))
    made.append(JobPostFactory(organization=organization))
    return made


@pytest.mark.parametrize(
    "value",
    [
        "Python",
        "PYTHON",
        " python ",
        "Python 3",
        "machine learning",
        'c "QUOTED"',
        'a"b',
        'X"A"B',
        "100%",
        "%",
        "snake_case",
        "_",
        "back\\slash",
        "BACK\\\\SLASH",
        "\\",
        "STRASSE",
        "straße",
        "ÜNÏCÖDÉ",
        "Python,100%",
        "python,STRASSE,100%",
        "Python,SQL",
        "Python,,",
        "nothing",
    ],
)
def test_skills_filter_keeps_the_jobs_the_old_filter_kept(api, jobs, value):
    assert browse(api, value) == old_filter(value)


def test_skills_filter_matches_whole_keys_only(api, jobs):
    by_name = dict(zip(NAMES, jobs, strict=False))

    assert browse(api, 'a"b') == [by_name['a"b'].pk]
    assert browse(api, "100%") == [jobs[-2].pk, by_name["100%"].pk]
    assert browse(api, "snake_case") == [by_name["snake_case"].pk]
    assert browse(api, "back\\slash") == [by_name["back\\slash"].pk]
    assert browse(api, "STRASSE") == [jobs[-2].pk, by_name["Straße"].pk]


def test_skills_filter_skips_closed_and_draft_jobs(api, organization):
    shown = JobPostFactory(organization=organization, skills=["Go"])
    JobPostFactory(organization=organization, skills=["Go"], status=JobStatus.CLOSED)
    JobPostFactory(organization=organization, skills=["Go"], status=JobStatus.DRAFT)

    assert browse(api, "go") == [shown.pk]


def _count_skills_queries(api) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(BROWSE, {"skills": "python,sql", "page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_skills_filter_query_count_is_same_for_1_and_100_jobs(api, organization):
    JobPostFactory(organization=organization, skills=["Python", "SQL"])
    one = _count_skills_queries(api)
    JobPostFactory.create_batch(99, organization=organization, skills=["SQL", "Go", "Python"])

    hundred = _count_skills_queries(api)

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_skills_filter_is_jsonb_containment_with_its_gin_index_and_statistics(api, jobs):
    with CaptureQueriesContext(connection) as queries:
        browse(api, "Python,SQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'job_skill_keys_gin'")
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'jobs_jobpost'::regclass AND attname = 'skill_keys'"
        )
        (statistics_target,) = cursor.fetchone()

    assert "gin (skill_keys jsonb_path_ops)" in definition
    assert statistics_target == 1000
    filtered = [query["sql"] for query in queries if "skill_keys" in query["sql"]]
    assert filtered and all('"skill_keys" @> ' in sql for sql in filtered)
    assert not any("jobs_jobpost_skills" in sql for sql in filtered)


# --- the stored keys follow the job's skills ------------------------------------------------


@pytest.fixture
def job(organization):
    return JobPostFactory(organization=organization, title="Cobol Engineer", skills=["Fortran"])


def skill(name: str) -> JobSkill:
    (row,) = skill_rows([name])
    return row


def test_api_create_stores_sorted_keys(employer_api):
    payload = {"title": "Data Engineer", "skills": ["SQL", "Python", "Straße", "python"]}

    response = employer_api.post(JOBS, payload)

    assert response.status_code == 201, response.content
    assert keys_of(JobPost.objects.get()) == ["python", "sql", "strasse"]


def test_api_update_stores_new_keys(employer_api, organization, employer):
    job = JobPostFactory(organization=organization, user=employer, skills=["Fortran"])

    response = employer_api.patch(job_url(job), {"skills": ["Kotlin", "Go"]})

    assert response.status_code == 200, response.content
    assert keys_of(job) == ["go", "kotlin"]


def test_api_update_of_other_fields_keeps_keys(employer_api, organization, employer):
    job = JobPostFactory(organization=organization, user=employer, skills=["Fortran"])

    response = employer_api.patch(job_url(job), {"title": "Haskell Engineer"})

    assert response.status_code == 200, response.content
    assert keys_of(job) == ["fortran"]


def test_model_create_without_skills_stores_no_keys(organization):
    created = JobPost.objects.create(organization=organization, title="Welder")

    assert keys_of(created) == []


def test_skills_add_remove_clear_from_job(job):
    job.skills.add(skill("Haskell"), skill("Ada"))
    assert keys_of(job) == ["ada", "fortran", "haskell"]

    job.skills.remove(skill("Fortran"))
    assert keys_of(job) == ["ada", "haskell"]

    job.skills.set([skill("Go")])
    assert keys_of(job) == ["go"]

    job.skills.clear()
    assert keys_of(job) == []


def test_skills_add_remove_clear_from_skill(job, organization):
    other = JobPostFactory(organization=organization, title="Other", skills=["Go"])

    skill("Haskell").jobs.add(job, other)
    assert (keys_of(job), keys_of(other)) == (["fortran", "haskell"], ["go", "haskell"])

    skill("Haskell").jobs.remove(other)
    assert (keys_of(job), keys_of(other)) == (["fortran", "haskell"], ["go"])

    skill("Fortran").jobs.set([other])
    assert (keys_of(job), keys_of(other)) == (["haskell"], ["fortran", "go"])

    skill("Haskell").jobs.clear()
    assert (keys_of(job), keys_of(other)) == ([], ["fortran", "go"])


def test_skill_rename_changes_the_key_of_every_job_that_has_it(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other", skills=["Fortran", "SQL"])
    untouched = JobPostFactory(organization=organization, title="Untouched", skills=["SQL"])
    fortran = JobSkill.objects.get(name="Fortran")

    fortran.name = "Zig"
    fortran.save()

    assert (keys_of(job), keys_of(other), keys_of(untouched)) == (["zig"], ["sql", "zig"], ["sql"])
    assert browse(api, "zig") == [other.pk, job.pk]
    assert browse(api, "fortran") == []


def test_skill_rename_of_letter_case_keeps_the_key(api, job):
    fortran = JobSkill.objects.get(name="Fortran")

    fortran.name = "FORTRAN"
    fortran.save()

    assert keys_of(job) == ["fortran"]
    assert browse(api, "Fortran") == [job.pk]


def test_skill_delete_removes_its_key(api, job, organization):
    other = JobPostFactory(organization=organization, title="Other", skills=["Fortran", "SQL"])

    JobSkill.objects.get(name="Fortran").delete()

    assert (keys_of(job), keys_of(other)) == ([], ["sql"])
    assert browse(api, "fortran") == []


def test_full_save_of_a_stale_instance_keeps_the_refreshed_keys(job):
    """An instance loaded before a skill change must not write its old keys back."""
    stale = JobPost.objects.get(pk=job.pk)
    skill("Haskell").jobs.add(job)

    stale.visa_required = True
    stale.save()

    assert keys_of(job) == ["fortran", "haskell"]


def test_save_of_a_changed_search_field_recomposes_the_keys(job):
    stale = JobPost.objects.get(pk=job.pk)
    skill("Haskell").jobs.add(job)

    stale.title = "Haskell Engineer"
    stale.save(update_fields=["title"])

    assert keys_of(job) == ["fortran", "haskell"]


# --- the migration's fill -----------------------------------------------------------------------


def test_migration_fill_stores_every_jobs_sorted_keys(organization, monkeypatch):
    monkeypatch.setattr(fill_migration, "BATCH", 2)  # several batches
    made = [
        JobPostFactory(organization=organization, skills=["SQL", "Python"]),
        JobPostFactory(organization=organization, skills=["Straße", 'a"b', "100%"]),
        JobPostFactory(organization=organization, skills=["Go"]),
        JobPostFactory(organization=organization, skills=["Fortran"], status=JobStatus.DRAFT),
        JobPostFactory(organization=organization),
    ]
    expected = [keys_of(job) for job in made]
    JobPost.objects.update(skill_keys=[])

    fill_migration.fill_skill_keys(django_apps, None)

    assert [keys_of(job) for job in made] == expected
    assert expected == [["python", "sql"], ["100%", 'a"b', "strasse"], ["go"], ["fortran"], []]
