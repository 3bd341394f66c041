"""Job posts, their skills, and applications (contract section 8)."""

from django.conf import settings
from django.db import models

from platform_core.schemas import skill_key


class WorkplaceType(models.IntegerChoices):
    ONSITE = 1, "On-site"
    REMOTE = 2, "Remote"
    HYBRID = 3, "Hybrid"


class JobType(models.IntegerChoices):
    FULL_TIME = 1, "Full-time"
    PART_TIME = 2, "Part-time"
    CONTRACT = 3, "Contract"
    TEMPORARY = 4, "Temporary"
    INTERNSHIP = 5, "Internship"
    VOLUNTEER = 6, "Volunteer"
    OTHER = 7, "Other"


class JobStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    DRAFT = "draft", "Draft"


class RankingStatus(models.TextChoices):
    NOT_RANKED = "not_ranked", "Not ranked"
    RANKING = "ranking", "Ranking"
    RANKED = "ranked", "Ranked"
    FAILED = "failed", "Failed"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class JobSkill(models.Model):
    """One row per skill name, whatever its letter case."""

    name = models.CharField(max_length=100)
    # Casefolded name: unique in any alphabet (SQLite's LOWER folds only ASCII).
    key = models.CharField(max_length=100, unique=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        self.key = skill_key(self.name)
        super().save(*args, **kwargs)


class JobPost(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="jobs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="job_posts"
    )
    title = models.CharField(max_length=200)
    job_desc = models.TextField(max_length=20000, blank=True)
    workplace_type = models.PositiveSmallIntegerField(
        choices=WorkplaceType.choices, default=WorkplaceType.ONSITE
    )
    location = models.CharField(max_length=200, blank=True)
    job_type = models.PositiveSmallIntegerField(choices=JobType.choices, default=JobType.FULL_TIME)
    skills = models.ManyToManyField(JobSkill, blank=True, related_name="jobs")
    estimated_salary = models.CharField(max_length=100, blank=True)
    visa_required = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.OPEN)

    # Filled by the ranking step; present now so the API shape is stable.
    candidate_ranking_data = models.JSONField(null=True, blank=True)
    ranking_status = models.CharField(
        max_length=12, choices=RankingStatus.choices, default=RankingStatus.NOT_RANKED
    )
    ranking_task_id = models.CharField(max_length=64, blank=True)

    # Title, description, skills, organization and location in one text, for `?search=`
    # (a GIN full-text index on PostgreSQL; see migration 0002).
    search_document = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="job_status_created"),
            models.Index(fields=["organization", "status"], name="job_org_status"),
            models.Index(fields=["workplace_type"], name="job_workplace_type"),
            models.Index(fields=["job_type"], name="job_job_type"),
            models.Index(fields=["visa_required"], name="job_visa_required"),
            models.Index(fields=["status", "title"], name="job_status_title"),
        ]

    def __str__(self):
        return self.title


class Application(models.Model):
    """One per candidate and job: the database refuses a second, so concurrent applies make
    one row and the others get 409."""

    job = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "candidate"], name="one_application_per_job")
        ]
        indexes = [models.Index(fields=["job", "status"], name="application_job_status")]

    def __str__(self):
        return f"{self.candidate} → {self.job} ({self.status})"
