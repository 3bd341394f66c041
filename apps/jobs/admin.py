"""The jobs admin. Saving a job, its skills (`save_related`, an M2M change) or a skill's name
refreshes the search text through the model and its signals; nothing here needs to."""

from django.contrib import admin

from .models import Application, JobInvite, JobPost, JobSkill, Ranking


@admin.register(JobPost)
class JobPostAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "organization",
        "status",
        "workplace_type",
        "job_type",
        "created_at",
    )
    list_filter = ("status", "workplace_type", "job_type", "visa_required")
    search_fields = ("title", "location", "organization__name")
    list_select_related = ("organization",)
    filter_horizontal = ("skills",)
    readonly_fields = (
        "search_document",
        "created_at",
        "updated_at",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            field.required = False  # the author may have left (SET_NULL): the job stays editable
        return field


@admin.register(JobSkill)
class JobSkillAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "job", "status", "applied_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("candidate__user__email", "job__title", "job__organization__name")
    list_select_related = ("candidate__user", "job")
    readonly_fields = ("applied_at", "updated_at")


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    """The last good ranking of each job (read-only: runs write it)."""

    list_display = ("job", "plugin", "plugin_version", "ranked_count", "created_at")
    list_filter = ("plugin",)
    search_fields = ("job__title", "job__organization__name")
    list_select_related = ("job",)
    readonly_fields = ("job", "run", "plugin", "plugin_version", "ranked_count", "created_at")
    exclude = ("entries",)

    def has_add_permission(self, request):
        return False


@admin.register(JobInvite)
class JobInviteAdmin(admin.ModelAdmin):
    """Invitations to apply (read-only: employers send them and candidates answer them)."""

    list_display = ("job", "candidate", "status", "sent_at", "expires_at", "responded_at")
    list_filter = ("status",)
    search_fields = ("job__title", "job__organization__name", "candidate__user__email")
    list_select_related = ("job", "candidate__user")
    exclude = ("token",)
    readonly_fields = (
        "job",
        "candidate",
        "invited_by",
        "status",
        "sent_at",
        "expires_at",
        "responded_at",
    )

    def has_add_permission(self, request):
        return False
