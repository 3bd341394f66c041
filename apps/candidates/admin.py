from django.contrib import admin

from platform_core.admin import ReadOnlyAdmin

from .models import (
    Achievement,
    CandidateProfile,
    Certification,
    CoachThread,
    CoachThreadMessage,
    DisclosureEvent,
    Education,
    Language,
    Note,
    Project,
    Skill,
    WorkExperience,
)


def _inline(record_model):
    return type(
        f"{record_model.__name__}Inline",
        (admin.TabularInline,),
        {"model": record_model, "extra": 0, "exclude": ("key",) if record_model is Skill else ()},
    )


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    """Profiles, with their records inline. Disability data is visible here to staff only."""

    list_display = (
        "slug",
        "user",
        "is_available",
        "is_verified_profile",
        "created_at",
    )
    list_filter = ("is_available", "is_verified_profile", "disclosure_preference")
    search_fields = ("slug", "user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    readonly_fields = (
        "slug",
        "resume_sha256",
        "resume_terms",
        "created_at",
        "updated_at",
    )
    autocomplete_fields = ("user",)
    inlines = [
        _inline(model)
        for model in (
            Education,
            Skill,
            Language,
            WorkExperience,
            Project,
            Achievement,
            Certification,
        )
    ]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("profile", "author", "organization", "section", "created_at")
    search_fields = ("profile__slug", "author__email", "note")
    list_select_related = ("profile", "author", "organization")
    readonly_fields = ("created_at", "updated_at")
    autocomplete_fields = ("profile", "author", "organization")


class CoachThreadMessageInline(admin.TabularInline):
    model = CoachThreadMessage
    extra = 0
    fields = ("role", "content", "model", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CoachThread)
class CoachThreadAdmin(admin.ModelAdmin):
    """Coach and prompt threads, read-only: what a user and the coach said is their record, so
    staff may read it (or delete it with its user) but never rewrite it."""

    list_display = ("thread_id", "user", "kind", "subject", "title", "updated_at")
    list_filter = ("kind",)
    search_fields = ("thread_id", "user__email", "title")
    list_select_related = ("user", "subject")
    fields = ("thread_id", "user", "kind", "subject", "title", "created_at", "updated_at")
    readonly_fields = fields
    inlines = [CoachThreadMessageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DisclosureEvent)
class DisclosureEventAdmin(ReadOnlyAdmin):
    """The disclosure log, read-only: it is evidence of who saw a candidate's disability data,
    so nobody edits it by hand (rows go only with their profile or the retention task)."""

    list_display = ("seen_at", "profile", "viewer", "organization", "role", "endpoint")
    list_filter = ("role", "endpoint")
    search_fields = ("profile__slug", "viewer__email", "organization__name")
    list_select_related = ("profile", "viewer", "organization")
    date_hierarchy = "seen_at"
