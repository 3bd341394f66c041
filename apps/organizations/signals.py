"""Organization rules that hook into accounts: invitations at signup, sole owners and deletion."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from apps.accounts.models import User
from apps.accounts.signals import user_deletion_blocked, user_signed_up
from platform_core.files import delete_file_on_commit

from . import services
from .models import Organization


@receiver(user_signed_up)
def accept_invite_at_signup(sender, user: User, invite_code: str | None = None, **kwargs):
    """Signing up with an invitation code joins its organization; a bad code undoes the signup."""
    if invite_code:
        services.accept_invite(user, invite_code)


@receiver(user_deletion_blocked)
def keep_an_owner(sender, user: User, **kwargs) -> str | None:
    """The sole owner of an organization stays until ownership moves (the API answers 409)."""
    organization = services.sole_owned_organization(user)
    if organization is None:
        return None
    return (
        f"{user.email} is the only owner of {organization.name}: make someone else owner "
        "or delete the organization first."
    )


@receiver(post_delete, sender=Organization)
def delete_avatar(sender, instance: Organization, **kwargs):
    delete_file_on_commit(instance.avatar)
