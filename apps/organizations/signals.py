"""Organization rules that hook into accounts: invitations at signup, sole owners and deletion."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from apps.accounts.models import User
from apps.accounts.signals import user_signed_up
from platform_core.errors import Conflict
from platform_core.files import delete_file_on_commit

from . import services
from .models import Organization


@receiver(user_signed_up)
def accept_invite_at_signup(sender, user: User, invite_code: str | None = None, **kwargs):
    """Signing up with an invitation code joins its organization; a bad code undoes the signup."""
    if invite_code:
        services.accept_invite(user, invite_code)


@receiver(pre_delete, sender=User)
def keep_an_owner(sender, instance: User, **kwargs):
    """The sole owner of an organization cannot be deleted until ownership moves (409)."""
    organization = services.sole_owned_organization(instance)
    if organization is not None:
        raise Conflict(
            f"You are the only owner of {organization.name}: make someone else owner "
            "or delete the organization first."
        )


@receiver(post_delete, sender=Organization)
def delete_avatar(sender, instance: Organization, **kwargs):
    delete_file_on_commit(instance.avatar)
