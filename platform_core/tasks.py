"""Huey tasks of the core: thin, primitive arguments, the work done by Django or a service.

Enqueue through `on_commit` helpers, so a task never runs for a transaction that rolled back.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from huey.contrib.djhuey import task

logger = logging.getLogger(__name__)


@task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text email through Django's configured email backend."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def send_email_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Queue `send_email` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_email(subject, body, recipients))


def email_on_commit(template: str, context: dict, subject: str, recipients: list[str]) -> None:
    """Render the plain-text `template` with `context` now and queue it for `recipients`."""
    send_email_on_commit(subject, render_to_string(template, context), recipients)
