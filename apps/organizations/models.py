"""Organizations, their members (owner / admin / member) and email-bound invitations."""

from django.conf import settings
from django.db import models

from platform_core.files import UploadTo


class Industry(models.IntegerChoices):
    IT_SERVICES = 1, "IT Services"
    SOFTWARE_PRODUCTS = 2, "Software Products"
    FINANCE = 3, "Finance"
    SPORTS = 4, "Sports"
    HEALTHCARE = 5, "Healthcare"
    AUTOMOTIVE = 6, "Automotive"
    NON_PROFIT = 7, "Non-profit"
    PUBLIC_SECTOR = 8, "Public Sector"
    RETAIL = 9, "Retail"
    HOSPITALITY = 10, "Hospitality"
    BUSINESS_SERVICES = 11, "Business Services"
    OTHER = 12, "Other"


class EmployeeSize(models.IntegerChoices):
    TINY = 1, "1-10"
    SMALL = 2, "11-50"
    MEDIUM = 3, "51-200"
    LARGE = 4, "201-1000"
    HUGE = 5, "1000+"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"


class Organization(models.Model):
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    industry = models.PositiveSmallIntegerField(choices=Industry.choices, null=True, blank=True)
    linkedin_url = models.URLField(max_length=500, blank=True)
    headquarter_location = models.CharField(max_length=255, blank=True)
    about = models.TextField(max_length=5000, blank=True)
    employee_size = models.PositiveSmallIntegerField(
        choices=EmployeeSize.choices, null=True, blank=True
    )
    avatar = models.ImageField(upload_to=UploadTo("organizations", owner=None), blank=True)
    # Who created the organization; ownership itself lives in the memberships.
    root_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user belongs to at most one organization (the OneToOne enforces it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.user} ({self.role}) in {self.organization}"


class Invite(models.Model):
    """A single-use invitation bound to one email; the code is stored as its SHA-256."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    code_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invite of {self.email} to {self.organization}"

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None
