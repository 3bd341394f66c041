"""Huey tasks of the accounts app: they take only the email and decide inside the task.

The password-reset and resend-verification requests enqueue one of these for every email, known
or not, so the request does the same work either way and its timing reveals nothing; the lookup,
the new token or code and the email happen here (`run_huey` loads this module).

`delete_stored_files` is only the old name of platform_core.tasks.delete_stored_files, for the
retries queued under it before that task moved there.
"""

from huey.contrib.djhuey import task

from platform_core import tasks as core_tasks


@task(retries=2, retry_delay=30)
def send_password_reset(email: str) -> None:
    """Email a reset token if an active account has this (normalised) email."""
    from .verification import deliver_password_reset  # verification enqueues this task

    deliver_password_reset(email)


@task(retries=2, retry_delay=30)
def send_new_code(email: str) -> None:
    """Email a new verification code if an active, unverified account has this email."""
    from .verification import deliver_new_code  # verification enqueues this task

    deliver_new_code(email)


# Huey finds a queued task by module and name: without this one, an erasure's retry queued
# before the task moved to platform_core.tasks would be dropped as unknown. The queued message
# carries its own retries and delays. Remove it once none can be left (the last retry comes
# about an hour after the first).
@task(context=True)
def delete_stored_files(names: list[str], storage: str = "default", task=None) -> list[str]:
    """Delete an erased account's stored files `names` (platform_core.tasks.delete_stored_files)."""
    return core_tasks.delete_stored_files.call_local(names, storage, "Erasure", task=task)
