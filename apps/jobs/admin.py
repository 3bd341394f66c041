from django.contrib import admin

from .models import Application, JobPost, JobSkill


@admin.register(JobPost)
class JobPostAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "organization",
        "status",
        "workplace_type",
        "job_type",
        "ranking_status",
        "created_at",
    )
    list_filter = ("status", "workplace_type", "job_type", "visa_required", "ranking_status")
    search_fields = ("title", "location", "organization__name")
    list_select_related = ("organization",)
    filter_horizontal = ("skills",)
    readonly_fields = (
        "search_document",
        "candidate_ranking_data",
        "ranking_task_id",
        "created_at",
        "updated_at",
    )


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
