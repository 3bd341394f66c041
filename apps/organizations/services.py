"""Organization logic. Scoped querysets first: every endpoint finds organizations through them.

Rules (contract section 6): members read; owner and admin update and invite; only the owner
deletes. A user is a candidate or an employer, never both, and in at most one organization.
Anyone who is not a member gets 404, as if the organization did not exist.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import User
from platform_core.errors import Conflict, FieldErrors, Forbidden, NotFound
from platform_core.files import replace_stored_file, replacing_files, validate_image
from platform_core.schemas import normalize_email
from platform_core.tasks import email_on_commit

from .models import Invite, Membership, Organization, Role
from .schemas import OrganizationIn

INVITE_TTL = timedelta(days=7)
MANAGERS = frozenset({Role.OWNER, Role.ADMIN})
NULLABLE_FIELDS = frozenset({"industry", "employee_size"})


# --- scoped querysets ---------------------------------------------------------------------------


def employer_organization_id(user) -> int | None:
    """The id of the organization `user` belongs to, or None (anonymous, candidate, no role)."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.organization_id if membership else None


def _with_members() -> QuerySet:
    return (
        Organization.objects.select_related("root_user")
        .prefetch_related("memberships__user")
        .order_by("id")
    )


def visible_organizations(user: User) -> QuerySet:
    """Staff see every organization; anyone else the one they belong to."""
    organizations = _with_members()
    return organizations if user.is_staff else organizations.filter(memberships__user=user)


def reload(organization: Organization) -> Organization:
    """The organization again, with what its response shows (members, root user)."""
    return _with_members().get(pk=organization.pk)


@dataclass
class Access:
    """An organization as one caller reaches it, with the caller's role (None for staff)."""

    organization: Organization
    role: str | None
    is_staff: bool

    def require(self, *roles: str) -> None:
        if not self.is_staff and self.role not in roles:
            raise Forbidden("Your role in this organization does not allow this.")


def access(user: User, organization_id: int) -> Access:
    organization = visible_organizations(user).filter(pk=organization_id).first()
    if organization is None:
        raise NotFound()
    role = next(
        (m.role for m in organization.memberships.all() if m.user_id == user.pk),
        None,
    )
    return Access(organization, role, user.is_staff)


def managed_organization(user: User, organization_id: int) -> Access:
    """The organization if the caller may manage it (owner, admin or staff); 404/403 otherwise."""
    found = access(user, organization_id)
    found.require(*MANAGERS)
    return found


# --- organizations ------------------------------------------------------------------------------


def ensure_can_join(user: User) -> None:
    """A candidate cannot be an employer, and an employer belongs to one organization."""
    if user.is_candidate:
        raise Conflict(
            "Candidates cannot join an organization: a user is a candidate or an employer."
        )
    if Membership.objects.filter(user=user).exists():
        raise Conflict("You already belong to an organization.")


def _apply(organization: Organization, changes: dict) -> None:
    for field, value in changes.items():
        if value is None and field not in NULLABLE_FIELDS:
            value = ""
        setattr(organization, field, value)


def _store_avatar(organization: Organization, avatar, extension: str | None) -> None:
    """Store a checked avatar (None: no upload); inside `replacing_files()` on a locked row."""
    if avatar is not None:
        replace_stored_file(organization.avatar, f"avatar.{extension}", avatar)


def create_organization(user: User, data: OrganizationIn, avatar=None) -> Organization:
    ensure_can_join(user)
    extension = validate_image(avatar) if avatar is not None else None
    organization = Organization(root_user=user)
    _apply(organization, data.model_dump())
    try:
        # A create that fails (a concurrent one won) leaves no stored avatar behind.
        with replacing_files():
            _store_avatar(organization, avatar, extension)
            organization.save()
            Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    except IntegrityError as exc:  # a concurrent create or accept won
        raise Conflict("You already belong to an organization.") from exc
    return reload(organization)


def update_organization(
    found: Access, data: OrganizationIn, avatar=None, *, partial: bool
) -> Organization:
    """Apply `data` (with `partial`, an OrganizationPatch: only the fields sent) and a new
    avatar."""
    extension = validate_image(avatar) if avatar is not None else None
    # On the row locked afresh: concurrent replacements queue, each deleting the avatar the one
    # before stored, and the old file goes only once the new one is saved.
    with replacing_files():
        organization = Organization.objects.select_for_update().get(pk=found.organization.pk)
        _apply(organization, data.model_dump(exclude_unset=partial))
        _store_avatar(organization, avatar, extension)
        organization.save()
    return reload(organization)


def delete_organization(found: Access) -> None:
    found.require(Role.OWNER)
    with transaction.atomic():
        found.organization.delete()


# --- invitations --------------------------------------------------------------------------------


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def create_invite(found: Access, inviter: User, email: str, role: str) -> tuple[Invite, str]:
    """Make a 7-day, single-use invitation for `email` and email its code; returns (invite, code)."""
    if role == Role.OWNER:
        found.require(Role.OWNER)
    organization = found.organization
    if Membership.objects.filter(organization=organization, user__email=email).exists():
        raise Conflict("This person is already a member of the organization.")
    code = secrets.token_urlsafe(12)
    now = timezone.now()
    with transaction.atomic():
        # A new invitation to the same address replaces the live one.
        Invite.objects.filter(
            organization=organization, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        invite = Invite.objects.create(
            organization=organization,
            email=email,
            role=role,
            code_hash=_hash_code(code),
            invited_by=inviter,
            expires_at=now + INVITE_TTL,
        )
        link = f"{settings.FRONTEND_URL.rstrip('/')}/signup?invite_code={code}"
        email_on_commit(
            "organizations/email/invite.txt",
            {
                "invite": invite,
                "inviter": inviter,
                "organization": organization,
                "code": code,
                "link": link,
            },
            f"You are invited to join {organization.name} on Enabled Talent",
            [email],
        )
    return invite, code


def invites_of(found: Access) -> QuerySet:
    return found.organization.invites.select_related("invited_by").order_by("-created_at")


def revoke_invite(found: Access, invite_id: int) -> None:
    invite = invites_of(found).filter(pk=invite_id).first()
    if invite is None:
        raise NotFound()
    if invite.accepted:
        raise Conflict("This invitation was already accepted.")
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def accept_invite(user: User, code: str) -> Organization:
    """Join the organization with the invited role. Errors are keyed `invite_code` (400)."""
    with transaction.atomic():
        invite = (
            Invite.objects.select_for_update()
            .select_related("organization")
            .filter(code_hash=_hash_code(code))
            .first()
        )
        if invite is None or invite.revoked_at is not None or invite.expires_at <= timezone.now():
            raise FieldErrors({"invite_code": "Invalid or expired invitation code."})
        if invite.accepted:
            raise FieldErrors({"invite_code": "This invitation has already been used."})
        if normalize_email(invite.email) != user.email:
            raise FieldErrors(
                {"invite_code": "This invitation was issued to another email address."}
            )
        ensure_can_join(user)
        try:
            with transaction.atomic():
                Membership.objects.create(
                    user=user, organization=invite.organization, role=invite.role
                )
        except IntegrityError as exc:
            raise Conflict("You already belong to an organization.") from exc
        invite.accepted_at = timezone.now()
        invite.accepted_by = user
        invite.save(update_fields=["accepted_at", "accepted_by"])
    return reload(invite.organization)


# --- members ------------------------------------------------------------------------------------


def _owners(organization: Organization) -> int:
    return Membership.objects.filter(organization=organization, role=Role.OWNER).count()


def _member(found: Access, user_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(organization=found.organization, user_id=user_id)
        .first()
    )
    if membership is None:
        raise NotFound()
    return membership


def change_role(found: Access, user_id: int, role: str) -> Membership:
    """Owners change any role; admins change admins and members but never touch an owner."""
    found.require(*MANAGERS)
    with transaction.atomic():
        membership = _member(found, user_id)
        if Role.OWNER in (role, membership.role):
            found.require(Role.OWNER)
        if (
            membership.role == Role.OWNER
            and role != Role.OWNER
            and _owners(found.organization) == 1
        ):
            raise Conflict("An organization needs an owner: make someone else owner first.")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(found: Access, actor: User, user_id: int) -> None:
    """Managers remove members (admins not owners); anyone may leave; never the last owner."""
    if user_id != actor.pk:
        found.require(*MANAGERS)
    with transaction.atomic():
        membership = _member(found, user_id)
        if membership.role == Role.OWNER:
            if user_id != actor.pk:
                found.require(Role.OWNER)
            if _owners(found.organization) == 1:
                raise Conflict(
                    "The last owner cannot leave: make someone else owner or delete the organization."
                )
        membership.delete()


def sole_owned_organization(user: User) -> Organization | None:
    """The organization this user is the only owner of, if any."""
    membership = (
        Membership.objects.filter(user=user, role=Role.OWNER).select_related("organization").first()
    )
    if membership and _owners(membership.organization) == 1:
        return membership.organization
    return None
