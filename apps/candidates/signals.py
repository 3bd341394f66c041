"""Stored files leave with their profile."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import CandidateProfile
from .services import delete_files


@receiver(post_delete, sender=CandidateProfile)
def delete_profile_files(sender, instance: CandidateProfile, **kwargs):
    delete_files(instance)
