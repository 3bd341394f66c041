"""Huey tasks of the accounts app: they take only the email and decide inside the task.

The password-reset and resend-verification requests enqueue one of these for every email, known
or not, so the request does the same work either way and its timing reveals nothing; the lookup,
the new token or code and the email happen here (`run_huey` loads this module).
"""

from huey.contrib.djhuey import task


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
