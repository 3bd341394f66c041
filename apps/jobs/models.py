"""Job posts, their skills, and applications (contract section 8)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from platform_core.schemas import skill_key

_UNKNOWN = object()


class TracksLoadedValues(models.Model):
    """Remembers the values of `tracked_fields` as loaded or last saved, so `save()` can tell
    which of them changed without a query. A field not loaded (deferred) counts as changed."""

    tracked_fields: tuple[str, ...] = ()
    # All `from_db` adds to Django's: prepared queries (platform_core/prepared.py) that make
    # instances without `from_db` call it too.
    after_from_db = "_remember_values"

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_values()
        return instance

    def _remember_values(self) -> None:
        self._loaded_values = {
            name: self.__dict__.get(name, _UNKNOWN) for name in self.tracked_fields
        }

    def changed_fields(self, update_fields=None) -> set[str]:
        """The tracked fields this save would write with a new value (all, for a new row)."""
        names = set(self.tracked_fields)
        if update_fields is not None:
            # `update_fields` may name a foreign key by field or column ("organization" or
            # "organization_id"); the tracked names are columns.
            names &= {
                getattr(self._meta.get_field(name), "attname", name) for name in update_fields
            }
        if self._state.adding:
            return names
        loaded = getattr(self, "_loaded_values", {})
        return {
            name
            for name in names
            if loaded.get(name, _UNKNOWN) is _UNKNOWN or loaded[name] != self.__dict__.get(name)
        }


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


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class JobSkill(TracksLoadedValues):
    """One row per skill name, whatever its letter case. Renaming one refreshes the search text
    of every job that has it (signals.py)."""

    tracked_fields = ("name",)

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
        # Before the database write: post_save receivers still see what changed.
        self.name_changed = bool(self.changed_fields(kwargs.get("update_fields")))
        super().save(*args, **kwargs)
        self._remember_values()

    def clean(self):
        """A rename onto another skill's name (in any letter case) is refused, not a 500: the
        admin form does not check `key`, which is not editable."""
        super().clean()
        key = skill_key(self.name or "")
        if JobSkill.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": "A skill with this name already exists."})


# The job fields its search text is made of; skills (M2M) and the organization's name are
# refreshed by the receivers in signals.py.
SEARCH_FIELDS = ("title", "job_desc", "location", "organization_id")
# The stored fields composed from those and the job's skills (`compose_derived_fields`).
DERIVED_FIELDS = ("search_document", "skill_keys")


class JobPost(TracksLoadedValues):
    """A job of an organization. Its search text follows its fields (save), its skills and the
    skills' names, and its organization's name (signals.py)."""

    tracked_fields = SEARCH_FIELDS

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
    # What the employer offers, from the candidates' accommodation vocabulary (minus
    # `not_needed` and `prefer_to_discuss_later`, which only make sense for a candidate).
    accommodations_offered = models.JSONField(default=list, blank=True)
    accessibility_notes = models.TextField(max_length=2000, blank=True)

    # Title, description, skills, organization and location in one text, for `?search=`
    # (a GIN full-text index on PostgreSQL; see migration 0002).
    search_document = models.TextField(blank=True, editable=False)
    # The casefolded keys of the job's skills, sorted, for `?skills=` (jsonb containment served
    # by a GIN index on PostgreSQL; see migration 0008). Kept with the search text.
    skill_keys = models.JSONField(default=list, blank=True, editable=False)

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

    def save(self, *args, **kwargs):
        """Recompose the search text and skill keys when the search fields change. Otherwise
        the stored ones are left as they are: an M2M change or a skill rename may have refreshed
        them in the database since this instance was loaded, and writing the loaded copy back
        would undo that."""
        update_fields = kwargs.get("update_fields")
        if self.changed_fields(update_fields):
            self.__dict__.update(self.compose_derived_fields())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *DERIVED_FIELDS}
        elif update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            skipped = {*DERIVED_FIELDS, *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in skipped
            ]
        super().save(*args, **kwargs)
        self._remember_values()

    def compose_derived_fields(self) -> dict:
        """The values of DERIVED_FIELDS, from one read of the skills (prefetched ones when
        present) and the organization (cached when present): the search text (title,
        description, skills, organization and location in one text) and the sorted skill keys."""
        skills = list(self.skills.all()) if self.pk else []
        names = " ".join(skill.name for skill in skills)
        parts = (self.title, self.job_desc, names, self.organization.name, self.location)
        return {
            "search_document": " ".join(part for part in parts if part),
            "skill_keys": sorted(skill.key for skill in skills),
        }


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


class Ranking(models.Model):
    """The last good ranking of a job's applicants: what `ranking-data/` shows.

    Written once per successful ranking run (apps/jobs/ranking.py); a failed run leaves it as it
    was. The job's `ranking_status` and `ranking_task_id` are read from its latest run instead.
    `entries` are `{candidate_id, application_id, score, reasons, breakdown}`, best first.
    """

    job = models.OneToOneField(JobPost, on_delete=models.CASCADE, related_name="ranking")
    run = models.ForeignKey(
        "platform_core.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plugin = models.CharField(max_length=100)
    plugin_version = models.CharField(max_length=50, blank=True)
    entries = models.JSONField(default=list)
    ranked_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    def __str__(self):
        return f"Ranking of {self.job} by {self.plugin} ({self.ranked_count})"


class InviteStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class JobInvite(models.Model):
    """An employer's invitation to a candidate to apply to a job (apps/jobs/invites.py).

    A pending invite past `expires_at` reads as `expired` (`current_status`); the stored status
    catches up when a new invite for the same job and candidate is made. The token is shown to
    the candidate in their list, so it is stored as it is.
    """

    job = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="invites")
    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="job_invites"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=InviteStatus.choices, default=InviteStatus.PENDING
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            # The database refuses a second pending invite, so concurrent invites make one.
            models.UniqueConstraint(
                fields=["job", "candidate"],
                condition=models.Q(status="pending"),
                name="one_pending_invite_per_job_candidate",
            )
        ]
        indexes = [models.Index(fields=["candidate", "-sent_at"], name="invite_candidate_sent")]

    def __str__(self):
        return f"Invite of {self.candidate} to {self.job} ({self.status})"

    @property
    def current_status(self) -> str:
        if self.status == InviteStatus.PENDING and self.expires_at <= timezone.now():
            return InviteStatus.EXPIRED
        return self.status
