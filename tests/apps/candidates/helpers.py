"""Paths and helpers shared by the candidate tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.candidates.models import CandidateProfile

PROFILES = "/api/candidates/profiles/"
# A plain-text resume, not ASCII-only.
TEXT = "Grace Hopper\nCOBOL, compilers, naval leadership — café\n".encode()


def profile_url(profile: CandidateProfile | str, suffix: str = "") -> str:
    """The URL of a profile (or of its `suffix` route), from the profile or its slug."""
    slug = profile if isinstance(profile, str) else profile.slug
    return f"{PROFILES}{slug}/{suffix}"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """A file part of a multipart body."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def body_bytes(response) -> bytes:
    """The bytes of a streamed (file download) response."""
    return b"".join(response.streaming_content)
