from django.contrib import admin

from .models import (
    Achievement,
    CandidateProfile,
    Certification,
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
