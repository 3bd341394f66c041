"""Keep the jobs' search text current when an organization is renamed."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.organizations.models import Organization

from .models import JobPost


@receiver(post_save, sender=Organization)
def refresh_job_search(sender, instance: Organization, created: bool, **kwargs):
    if created:
        return
    from .services import refresh_search_documents

    refresh_search_documents(JobPost.objects.filter(organization=instance))
