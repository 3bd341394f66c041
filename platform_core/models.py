"""The core's own tables."""

from django.db import models


class ThrottleCounter(models.Model):
    """One fixed-window rate-limit counter of the database store (the default without Redis).

    `key` names the scope, what is counted (a hashed address or account) and the window; the row
    is incremented by one atomic upsert (see platform_core.throttling) and deleted once `expires`
    (epoch seconds) has passed.
    """

    key: "models.CharField[str, str]" = models.CharField(max_length=120, primary_key=True)
    count: "models.PositiveIntegerField[int, int]" = models.PositiveIntegerField(default=0)
    expires: "models.BigIntegerField[int, int]" = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class Run(models.Model):
    """One long piece of work (a resume parse, a ranking) and its outcome: the one run model.

    The subject is generic (`subject_type` is "app_label.modelname", `subject_id` its primary key
    as text) so the core names no app. Apps read their statuses (`parsing_status`) from the latest
    run of a kind for a subject instead of keeping a second state machine. At most one run per kind
    and subject is active (queued or running): a partial unique constraint holds it, whatever the
    number of web processes starting runs at once. See platform_core.runs.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind: "models.CharField[str, str]" = models.CharField(max_length=64)
    subject_type: "models.CharField[str, str]" = models.CharField(max_length=100)
    subject_id: "models.CharField[str, str]" = models.CharField(max_length=64)
    status: "models.CharField[str, str]" = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress: "models.PositiveSmallIntegerField[int, int]" = models.PositiveSmallIntegerField(
        default=0
    )
    plugin: "models.CharField[str, str]" = models.CharField(max_length=100, blank=True)
    plugin_version: "models.CharField[str, str]" = models.CharField(max_length=50, blank=True)
    task_id: "models.CharField[str, str]" = models.CharField(max_length=64, blank=True)
    # A message a person can act on; tracebacks go to the log, never here.
    error: "models.TextField[str, str]" = models.TextField(blank=True)
    # What the run works on (a file's digest, say): a start with the same hash reuses the run.
    input_hash: "models.CharField[str, str]" = models.CharField(max_length=128, blank=True)
    attempts: "models.PositiveIntegerField[int, int]" = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # latest_run(kind, subject)
            models.Index(
                fields=["subject_type", "subject_id", "kind", "-created_at"],
                name="run_subject_latest",
            ),
            # The reaper: active runs by status and last sign of life.
            models.Index(
                fields=["status", "heartbeat_at"],
                name="run_active_heartbeat",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=models.Q(status__in=["queued", "running"]),
                name="run_one_active_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="run_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.kind} of {self.subject_type}:{self.subject_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Queued or running: not yet ended."""
        return self.status in self.ACTIVE
