"""Erasure of an account (GDPR art. 17): every row that holds the user's data or is derived from
it is deleted or anonymised in one transaction, and their stored files go once it commits.

`erase_user(user)` is what `DELETE /auth/users/{id}/` (services.delete_user) and the admin's
delete do. In the transaction:
- Django's deletion collector gathers what the user's deletion cascades to (their profile and
  feedback; their candidate profile with its records, notes about them, applications, job
  invites, coach threads of theirs and prompt threads about them, disclosure-log rows naming
  them; an employer's membership); rows that only point at them (a note they wrote as a
  recruiter, a disclosure-log row where they were the viewer, a job they posted) are kept with
  the pointer set to null, as the models declare (`on_delete=SET_NULL`);
- the runs whose subject is one of those rows (the resume parses) and the admin log entries
  about them are deleted;
- their entries are taken out of every job's stored ranking (`Ranking.entries`); the ranking's
  `ranked_count` stays, an aggregate;
- their refresh tokens (outstanding and blacklisted), sessions, and the organization
  invitations sent to their email or accepted by them are deleted.
Once it commits: their rate-limit counters are dropped, and their files (resume, video pitch,
avatar, feedback attachments: every FileField of every deleted row) are deleted from storage
through platform_core.files.delete_now_or_retry, whose task retries what the storage refuses; the
rows are gone either way, so the account can no longer log in.

docs/privacy.md ("Erasure") lists what goes and what stays.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import connection, models, router, transaction
from django.db.models import CharField, Q
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from ninja_jwt.token_blacklist.models import OutstandingToken

from platform_core.errors import Conflict
from platform_core.files import delete_now_or_retry
from platform_core.models import Run
from platform_core.throttling import forget_accounts

from .models import Profile, User
from .signals import user_deletion_blocked

logger = logging.getLogger(__name__)

# Models of the apps above this one, by label: accounts imports none of them.
CANDIDATE_PROFILE = "candidates.CandidateProfile"
RANKING = "jobs.Ranking"
APPLICATION = "jobs.Application"
JOB = "jobs.JobPost"
ORGANIZATION_INVITE = "organizations.Invite"


@dataclass
class Erasure:
    """What an erasure deleted: rows per model label, and the files to delete after commit."""

    user_id: int
    rows: dict[str, int] = field(default_factory=dict)
    files: list[tuple[Storage, str]] = field(default_factory=list)


def deletion_blocker(user: User) -> str | None:
    """Why `user` cannot be erased now (an app's rule, e.g. the sole owner of an organization)."""
    for _receiver, reason in user_deletion_blocked.send(sender=User, user=user):
        if reason:
            return reason
    return None


def erase_user(user: User) -> Erasure:
    """Erase `user` and everything that is theirs or about them; 409 while an app's rule keeps
    the user. The files go once the transaction commits (see the module docstring)."""
    with transaction.atomic():
        reason = deletion_blocker(user)
        if reason:
            raise Conflict(reason)
        erasure = _erase_rows(user)
        files = list(erasure.files)
        accounts = [user.email, f"user:{erasure.user_id}"]
        transaction.on_commit(lambda: _after_commit(files, accounts))
    logger.info(
        "Erased user %s: %d rows, %d files.",
        erasure.user_id,
        sum(erasure.rows.values()),
        len(erasure.files),
    )
    return erasure


# --- rows ---------------------------------------------------------------------------------------


def _erase_rows(user: User) -> Erasure:
    erasure = Erasure(user_id=user.pk)
    # Locked first: a concurrent upload, or a row made for the user meanwhile (feedback), either
    # commits before and is collected below, or waits and then finds the user gone.
    _lock(User, pk=user.pk)
    _lock(Profile, user=user)
    profiles = _model(CANDIDATE_PROFILE)
    if profiles is not None:
        _lock(profiles, user=user)
    # Tokens first: their rows would otherwise only lose the pointer to the user (SET_NULL).
    OutstandingToken.objects.filter(user=user).delete()
    _end_sessions(user.pk)
    invites = _model(ORGANIZATION_INVITE)
    if invites is not None:
        invites._default_manager.filter(Q(email__iexact=user.email) | Q(accepted_by=user)).delete()
    collector = Collector(using=router.db_for_write(User, instance=user), origin=user)
    collector.collect([user])
    erasure.files = _take_files(collector)
    _remove_ranking_entries(_pks(collector, CANDIDATE_PROFILE))
    _delete_records_about(collector)
    _count, erasure.rows = collector.delete()
    return erasure


def _lock(model: type[models.Model], **lookup) -> None:
    list(model._default_manager.select_for_update().filter(**lookup).values_list("pk"))


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _pks(collector: Collector, label: str) -> set:
    """The primary keys of the rows of `label` the deletion removes."""
    model = _model(label)
    if model is None:
        return set()
    pks = {instance.pk for instance in collector.data.get(model, ())}
    for queryset in collector.fast_deletes:
        if queryset.model is model:
            pks.update(queryset.values_list("pk", flat=True))
    return pks


def _end_sessions(user_id: int) -> None:
    """Delete the sessions logged in as the user (the table is read through: sessions are
    stored encoded, not by user)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    get_model_class = getattr(store_class, "get_model_class", None)
    if get_model_class is None:  # signed-cookie or cache sessions: no table to clean
        return
    rows = get_model_class().objects.values_list("session_key", "session_data")
    theirs = [
        key
        for key, data in rows.iterator(chunk_size=2000)
        if str(store_class().decode(data).get(SESSION_KEY)) == str(user_id)
    ]
    for key in theirs:
        store_class(session_key=key).delete()


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _take_files(collector: Collector) -> list[tuple[Storage, str]]:
    """The stored files of every row the deletion removes. The collected rows' file fields are
    emptied, so the post_delete receivers that delete a row's files leave them to this module,
    which deletes them after commit and retries what the storage refuses."""
    files: list[tuple[Storage, str]] = []
    for model, instances in collector.data.items():
        fields = _file_fields(model)
        for instance in instances:
            for file_field in fields:
                stored = getattr(instance, file_field.attname)
                if stored:
                    files.append((stored.storage, stored.name))
                    setattr(instance, file_field.attname, "")
    for queryset in collector.fast_deletes:
        fields = _file_fields(queryset.model)
        if fields:
            for names in queryset.values_list(*(f.attname for f in fields)):
                files += [(f.storage, name) for f, name in zip(fields, names, strict=True) if name]
    return files


def _remove_ranking_entries(profile_ids: set) -> None:
    """Take the candidates' entries out of every stored ranking; the rest keep their order."""
    ranking, application = _model(RANKING), _model(APPLICATION)
    if not profile_ids or ranking is None or application is None:
        return
    # The rankings of the jobs they applied to (a ranking holds applicants only), and on
    # PostgreSQL any other ranking whose JSON names them.
    applied = application._default_manager.filter(candidate_id__in=profile_ids).values("job_id")
    # Their jobs first, as a ranking run locks its job before it writes (apps/jobs/ranking.py):
    # a run that wrote first has its entries removed below; one that writes after leaves them out.
    job = _model(JOB)
    if job is not None:
        _lock(job, pk__in=applied)
    holding = Q(job_id__in=applied)
    if connection.features.supports_json_field_contains:
        for profile_id in profile_ids:
            holding |= Q(entries__contains=[{"candidate_id": profile_id}])
    rankings = ranking._default_manager.select_for_update().filter(holding)
    for stored, entries in rankings.values_list("pk", "entries"):
        kept = [entry for entry in entries if entry.get("candidate_id") not in profile_ids]
        if len(kept) != len(entries):
            ranking._default_manager.filter(pk=stored).update(entries=kept)


def _delete_records_about(collector: Collector) -> None:
    """Delete the runs whose subject, and the admin log entries whose object, is a row the
    deletion removes (both name it by type and primary key, with no foreign key to cascade)."""
    keys: dict[type[models.Model], list] = defaultdict(list)
    # Auto-created tables (many-to-many links) are no run's subject, no admin page's object.
    for model, instances in collector.data.items():
        if not model._meta.auto_created:
            keys[model].append([str(instance.pk) for instance in instances])
    for queryset in collector.fast_deletes:
        if queryset.model._meta.auto_created:
            continue
        as_text = Cast("pk", output_field=CharField())
        keys[queryset.model].append(queryset.annotate(erased_key=as_text).values("erased_key"))
    content_types = ContentType.objects.get_for_models(*keys, for_concrete_models=False)
    runs, entries = Q(), Q()
    for model, groups in keys.items():
        for group in groups:
            runs |= Q(subject_type=model._meta.label_lower, subject_id__in=group)
            entries |= Q(content_type=content_types[model], object_id__in=group)
    if keys:
        Run.objects.filter(runs).delete()
        LogEntry.objects.filter(entries).delete()


# --- after commit -------------------------------------------------------------------------------


def _after_commit(files: list[tuple[Storage, str]], accounts: list[str]) -> None:
    """Drop the rate-limit counters and delete the files; neither raises (a file the storage
    refuses is retried by a task): the erasure itself has committed."""
    try:
        forget_accounts(accounts)
    except Exception:  # a cache that does not answer; the counters expire within their window
        logger.exception("Erasure: the rate-limit counters of an erased user were not dropped.")
    delete_now_or_retry(files, "Erasure")
