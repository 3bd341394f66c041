"""Users (email login), their profiles, verification codes, reset tokens and feedback."""

import secrets
import string
from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import timezone

from platform_core.files import UploadTo
from platform_core.schemas import normalize_email

REFERRAL_ALPHABET = string.ascii_uppercase + string.digits

# Roles come from other apps: a candidate profile, an organization membership. These name the
# reverse relations those apps add to User; a relation that does not exist yet reads as False.
ROLE_RELATIONS = {"is_candidate": "candidate_profile", "is_employer": "membership"}


def role_relation(role: str) -> ForeignObjectRel | None:
    """The reverse relation on User that `role` (a ROLE_RELATIONS key) rests on, or None while
    the app that adds it is not installed."""
    try:
        relation = User._meta.get_field(ROLE_RELATIONS[role])
    except FieldDoesNotExist:
        return None
    if not isinstance(relation, ForeignObjectRel):
        raise TypeError(f"User.{ROLE_RELATIONS[role]} is not a reverse relation.")
    return relation


def new_referral_code() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(10))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_verified=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_verified = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Set by querysets that compute the roles in the query (services.with_roles, author views):
    # when present, is_candidate / is_employer read them instead of querying.
    _is_candidate: bool | None
    _is_employer: bool | None

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def _has_role(self, role: str) -> bool:
        annotated = getattr(self, f"_{role}", None)
        if annotated is not None:
            return bool(annotated)
        relation = role_relation(role)
        if relation is None:
            return False
        related = relation.related_model._default_manager
        return related.filter(**{relation.field.name: self.pk}).exists()

    @property
    def is_candidate(self) -> bool:
        return self._has_role("is_candidate")

    @property
    def is_employer(self) -> bool:
        return self._has_role("is_employer")


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NON_BINARY = "non_binary", "Non-binary"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Profile(models.Model):
    """Contact details and (sensitive, shown only to the user and staff) demographics."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    avatar = models.ImageField(upload_to=UploadTo("avatars"), blank=True)
    referral_code = models.CharField(
        max_length=12, unique=True, default=new_referral_code, editable=False
    )
    referred_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    total_referrals = models.PositiveIntegerField(default=0)
    phone = models.CharField(max_length=32, blank=True)
    location = models.CharField(max_length=255, blank=True)
    linkedin_url = models.URLField(max_length=500, blank=True)
    github_url = models.URLField(max_length=500, blank=True)
    portfolio_url = models.URLField(max_length=500, blank=True)
    current_status = models.CharField(max_length=100, blank=True)
    newsletter = models.BooleanField(default=False)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    citizenship_status = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return f"Profile of {self.user}"


class EmailVerificationCode(models.Model):
    """A 6-digit code, stored as a keyed hash; dies when used, expired or tried too often."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verification_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"Verification code for {self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class PasswordResetToken(models.Model):
    """A single-use reset token, stored as its SHA-256."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Password reset for {self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class Feedback(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="feedback")
    urgency = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    emoji = models.CharField(max_length=16, blank=True)
    attachment = models.FileField(upload_to=UploadTo("feedback"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urgency__gte=1, urgency__lte=5), name="feedback_urgency_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.subject} ({self.user})"
