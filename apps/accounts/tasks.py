"""Huey tasks of the accounts app: they take only the email and decide inside the task.

The password-reset and resend-verification requests enqueue one of these for every email, known
or not, so the request does the same work either way and its timing reveals nothing; the lookup,
the new token or code and the email happen here (`run_huey` loads this module).

`delete_stored_files` takes storage names: the files of an erased account that the storage
refused to delete when the erasure committed.
"""

import logging

from django.core.files.storage import storages
from huey.contrib.djhuey import task

from .erasure import delete_files

logger = logging.getLogger(__name__)


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


class FilesStillStored(Exception):
    """The storage refused to delete some files of an erased account (Huey retries the task)."""


@task(retries=6, retry_delay=60, retry_backoff=2, context=True)
def delete_stored_files(names: list[str], storage: str = "default", task=None) -> list[str]:
    """Delete the stored files `names` of an erased account from the storage `storage` (a
    STORAGES alias): the ones the storage refused right after the erasure committed
    (apps/accounts/erasure.py). Retried six times, over about an hour; after the last try the
    files still stored are logged as an error, to be deleted by hand. Returns those names."""
    left = delete_files(storages[storage], names)
    if left and task is not None and task.retries:
        raise FilesStillStored(f"{len(left)} of {len(names)} file(s) still stored")
    if left:
        logger.error(
            "Erasure: the storage %r still refuses to delete %d file(s) of an erased account "
            "after every retry; delete them by hand: %s",
            storage,
            len(left),
            ", ".join(left),
        )
    return left
