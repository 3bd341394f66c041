"""Candidate profiles, their records (education, skills, ...), and notes.

Disability data (`disability_categories`, `accommodation_needs`, `workplace_accommodations`) is
the most sensitive data the system holds: it leaves this app only through `disclosure.py`.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from platform_core.files import UploadTo
from platform_core.schemas import skill_key

from .choices import AccommodationNeeds, DisclosurePreference, LanguageLevel

SKILL_LEVEL_MAX_LENGTH = 50


def new_slug(first_name: str) -> str:
    """A slug from the first name and a random suffix; never the email, never reused."""
    base = slugify(first_name)[:40] or "candidate"
    return f"{base}-{secrets.token_hex(5)}"


class CandidateProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    slug = models.SlugField(max_length=60, unique=True, editable=False)

    resume_file = models.FileField(upload_to=UploadTo("resumes"), blank=True)
    resume_sha256 = models.CharField(max_length=64, blank=True)
    # What the latest successful parse of this resume found (contract section 7's shape). The
    # parse itself, its status, progress and error, is a `parse_resume` run (platform_core.runs):
    # `parsing_status` is derived from the latest run for `resume_sha256`, never stored here.
    resume_data = models.JSONField(null=True, blank=True)
    # Plain text of the resume, filled by parsing; searched by employers, never shown to them.
    resume_text = models.TextField(blank=True)
    # Normalised term -> count of the resume text, computed once at parse time for search/ranking.
    resume_terms = models.JSONField(default=dict, blank=True)
    # `[{text, section}]`: the passages of the parsed resume that name disability or assistive-
    # technology terms (apps/candidates/disability_terms.py), shown to the candidate only.
    disclosure_warnings = models.JSONField(default=list, blank=True)

    willing_to_relocate = models.BooleanField(default=False)
    employment_type_preferences = models.JSONField(default=list, blank=True)
    work_mode_preferences = models.JSONField(default=list, blank=True)
    has_workvisa = models.BooleanField(default=False)
    expected_salary_range = models.CharField(max_length=100, blank=True)
    video_pitch = models.FileField(upload_to=UploadTo("video_pitches"), blank=True)
    is_available = models.BooleanField(default=True)

    disability_categories = models.JSONField(default=list, blank=True)
    accommodation_needs = models.CharField(
        max_length=30, choices=AccommodationNeeds.choices, blank=True
    )
    workplace_accommodations = models.JSONField(default=list, blank=True)
    # Until the candidate chooses a stage, disability data is shown to no employer.
    disclosure_preference = models.CharField(
        max_length=30,
        choices=DisclosurePreference.choices,
        default=DisclosurePreference.NOT_APPLICABLE,
    )
    is_verified_profile = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The latest notes its viewer may read, set by services (find_profile, attach_latest_notes).
    visible_notes: list["Note"]

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["is_available"])]

    def __str__(self):
        return f"{self.user} ({self.slug})"


class Record(models.Model):
    """A structured record of a profile (each subclass adds its `profile` foreign key)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk} of profile {self.profile_id}"

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self) -> None:
        """Derive stored values from the entered ones; runs on save and before bulk inserts."""


class Education(Record):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="education"
    )
    course_name = models.CharField(max_length=200, blank=True)
    major = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name_plural = "education"


class Skill(Record):
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=100)
    # SQLite folds only ASCII letters, so uniqueness rests on a casefolded copy of the name.
    key = models.CharField(max_length=100, editable=False)
    # Free text ("Expert", "3 years"); "" when the candidate gave none.
    level = models.CharField(max_length=SKILL_LEVEL_MAX_LENGTH, blank=True, default="")

    class Meta(Record.Meta):
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="unique_skill_per_profile")
        ]

    def prepare(self) -> None:
        self.name = self.name.strip()
        self.level = (self.level or "").strip()
        self.key = skill_key(self.name)


class Language(Record):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(max_length=100)
    speaking = models.CharField(max_length=12, choices=LanguageLevel.choices, blank=True)
    reading = models.CharField(max_length=12, choices=LanguageLevel.choices, blank=True)
    writing = models.CharField(max_length=12, choices=LanguageLevel.choices, blank=True)


class WorkExperience(Record):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="work_experience"
    )
    company = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # A current position (`current`) has no end date.
    current = models.BooleanField(default=False)
    description = models.TextField(max_length=5000, blank=True)
    location = models.CharField(max_length=200, blank=True)


class Project(Record):
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="projects")
    project_name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    url = models.URLField(max_length=500, blank=True)
    start_date = models.DateField(null=True, blank=True)
    # A current project (`is_current`) has no end date.
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=False)


class Achievement(Record):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="achievements"
    )
    title = models.CharField(max_length=200)
    issue_date = models.DateField(null=True, blank=True)
    description = models.TextField(max_length=5000, blank=True)


class Certification(Record):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(max_length=200)
    issuing_organization = models.CharField(max_length=200, blank=True)
    issue_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    credential_url = models.URLField(max_length=500, blank=True)


class Note(models.Model):
    """A note on a profile: the candidate's own (no organization) or a recruiter's (their org's)."""

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="candidate_notes",
    )
    identifier = models.CharField(max_length=200, blank=True)
    note = models.TextField(max_length=10000)
    section = models.CharField(max_length=200, blank=True)
    selected_text = models.TextField(max_length=10000, blank=True)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A profile's latest notes of one organization (or the candidate's own, organization
        # null), newest first: a LIMIT reads only those (`services._latest_notes_of`).
        indexes = [
            models.Index(
                fields=["profile", "organization", "-created_at", "-id"], name="note_latest"
            )
        ]

    def __str__(self):
        return f"Note on {self.profile.slug}"


# --- career coach and prompt threads ------------------------------------------------------------


def new_thread_id() -> str:
    """A thread's public id: random and url-safe, so it says nothing and cannot be guessed."""
    return secrets.token_urlsafe(16)


class CoachThread(models.Model):
    """A conversation of a user with the career coach (`coach`, about themself) or about one
    candidate's resume (`prompt`: a candidate about their own, an employer about one they may
    see). It belongs to its user alone; a prompt thread stays bound to its `subject`.

    Deleting the subject's profile deletes the threads about it: what was said about a
    candidate goes with their data.
    """

    class Kind(models.TextChoices):
        COACH = "coach", "Career coach"
        PROMPT = "prompt", "Resume prompt"

    thread_id = models.CharField(max_length=32, unique=True, default=new_thread_id, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_threads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The profile the thread is about (the request's `resume_slug`, or the candidate's own).
    subject = models.ForeignKey(
        CandidateProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coach_threads_about",
    )
    # The first 80 characters of the first message.
    title = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="coach_thread_user_updated")]

    def __str__(self):
        return f"{self.get_kind_display()} thread {self.thread_id} of {self.user}"


class CoachThreadMessage(models.Model):
    """One message of a thread: the user's, or the coach's (with the model that wrote it).
    Only a valid answer is ever stored as the coach's."""

    class Role(models.TextChoices):
        USER = "user", "User"
        COACH = "coach", "Coach"

    thread = models.ForeignKey(CoachThread, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField()
    # The model that wrote a coach message ("offline" without an LLM); "" for the user's.
    model = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.role} message #{self.pk} in {self.thread_id}"


class DisclosureEvent(models.Model):
    """One response that showed an employer (or staff) a candidate's disability data, so the
    candidate can read who saw it (apps/candidates/disclosure_log.py).

    A deleted viewer or organization leaves the row, unnamed: the candidate still learns that
    their data was seen. `role` is the viewer's role in `organization` when it was seen
    (owner, admin, member), or `staff`."""

    STAFF = "staff"

    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="disclosure_events"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=10)
    # The OpenAPI operation id of the endpoint that answered (`candidates_get_profile`).
    endpoint = models.CharField(max_length=100)
    # Which of the three disability fields carried a value, in the profile's field order.
    fields = models.JSONField(default=list)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-seen_at", "-id"]
        indexes = [
            models.Index(fields=["profile", "-seen_at"], name="disclosure_profile_seen"),
        ]

    def __str__(self):
        return f"{self.profile_id} seen by {self.viewer_id} ({self.role}) via {self.endpoint}"


class SearchEntry(models.Model):
    """What the employers' `?search=` reads on PostgreSQL, one row a profile: the resume text's
    words, and the names and skill names it matches as substrings. The database keeps it
    (migration 0011's triggers on profiles, users and skills); Django never writes it, and on
    SQLite, which searches the profiles' own tables, the table does not exist.

    With both in one row, a search is one condition on one table: a page reads the rows in id
    order and stops at its last match, where a union of the places had first to gather every
    match of every place (docs/benchmarks.md, "Candidate search at 100,000 profiles")."""

    profile_id = models.BigIntegerField(primary_key=True)
    # to_tsvector('english', resume_text), kept in the row (storage MAIN): no TOAST read a row.
    words = SearchVectorField()
    # First name, last name and each skill's name, one a line.
    terms = models.TextField()

    class Meta:
        managed = False
        db_table = "candidates_searchentry"

    def __str__(self):
        return f"search entry of profile {self.profile_id}"
