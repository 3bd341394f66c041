"""Signals of the accounts app.

`user_signed_up` is sent inside the signup transaction with the new user and the `invite_code`
given, so the organizations app can accept an invitation; a receiver that raises FieldErrors
rolls the whole signup back (no user is created).

`user_deletion_blocked` asks whether a user may be deleted (see `erasure.deletion_blocker`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from platform_core.files import delete_file_on_commit

from .models import Feedback, Profile, User

user_signed_up = Signal()

# Sent before a user is deleted; a receiver returns the reason the user must stay (a string),
# or None. The organizations app keeps the sole owner of an organization.
user_deletion_blocked = Signal()


@receiver(post_save, sender=User)
def create_profile(sender, instance: User, created: bool, raw: bool = False, **kwargs):
    """Every user has a profile, whichever way the user was made (API, admin, createsuperuser)."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_delete, sender=Profile)
def delete_avatar(sender, instance: Profile, **kwargs):
    delete_file_on_commit(instance.avatar)


@receiver(post_delete, sender=Feedback)
def delete_attachment(sender, instance: Feedback, **kwargs):
    delete_file_on_commit(instance.attachment)
