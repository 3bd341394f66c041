from django.contrib import admin

from .models import Invite, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "industry", "employee_size", "headquarter_location", "created_at")
    list_filter = ("industry", "employee_size")
    search_fields = ("name", "headquarter_location", "memberships__user__email")
    inlines = [MembershipInline]
    readonly_fields = ("root_user", "created_at", "updated_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__name")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("user", "organization")


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    """Invitation codes are stored hashed: the admin sees state, never a code."""

    list_display = (
        "email",
        "organization",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    list_select_related = ("organization",)
    readonly_fields = ("code_hash", "invited_by", "accepted_by", "created_at", "accepted_at")
