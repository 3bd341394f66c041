from django.contrib import admin

from .models import Run


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page for a record of what happened: it lists and shows rows, and never adds,
    changes or deletes one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    """Background runs, read-only: what ran on what, with which plugin, and how it ended.

    Runs are started and ended by the service and the worker only; an edit here would fight them.
    """

    list_display = (
        "id",
        "kind",
        "subject_type",
        "subject_id",
        "status",
        "progress",
        "plugin",
        "attempts",
        "created_at",
        "finished_at",
    )
    list_filter = ("kind", "status", "subject_type")
    search_fields = ("=subject_id", "subject_type", "task_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = [field.name for field in Run._meta.fields]
