from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from platform_core.errors import Conflict

from .erasure import deletion_blocker, erase_user
from .models import EmailVerificationCode, Feedback, PasswordResetToken, Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fk_name = "user"
    readonly_fields = ("referral_code", "total_referrals", "referred_by")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [ProfileInline]
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "is_verified",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("is_verified", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("first_name", "last_name")}),
        (_("Status"), {"fields": ("is_active", "is_verified", "is_staff", "is_superuser")}),
        (_("Permissions"), {"fields": ("groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_delete_permission(self, request, obj=None):
        # Hide the delete button where an app forbids it (the sole owner of an organization).
        if obj is not None and deletion_blocker(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # An erasure removes every row of the user's, whatever each model's own admin allows
        # (the read-only disclosure-log and run pages): only the user's own permission counts.
        to_delete, model_count, _perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        refused = any(not self.has_delete_permission(request, user) for user in objs)
        return to_delete, model_count, {User._meta.verbose_name} if refused else set(), protected

    def delete_model(self, request, obj):
        # An erasure, as through the API (erasure.py): rankings, runs, files and all.
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        for user in queryset:
            try:
                erase_user(user)
            except Conflict as exc:
                self.message_user(request, f"{user.email} was kept: {exc}", messages.WARNING)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "urgency", "emoji", "created_at")
    list_filter = ("urgency",)
    search_fields = ("subject", "message", "user__email")
    list_select_related = ("user",)
    readonly_fields = ("user", "created_at")


@admin.register(EmailVerificationCode)
class EmailVerificationCodeAdmin(admin.ModelAdmin):
    """Codes are hashes: the admin can see whether one is live, never the code."""

    list_display = ("user", "created_at", "expires_at", "attempts", "used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "code_hash", "created_at", "expires_at", "attempts", "used_at")


@admin.register(PasswordResetToken)
class PasswordResetTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "token_hash", "created_at", "expires_at", "used_at")
