"""Stored resume text without contact details or the candidate's names.

From now on a parse stores `resume_text` scrubbed (apps/candidates/parsing.py), so a ranking
reads it as it is instead of scrubbing every applicant's resume at every run. This scrubs the
text that earlier parses stored.
"""

from django.db import migrations


def scrub_stored_text(apps, schema_editor):
    from apps.candidates.documents import scrub

    profiles = apps.get_model("candidates", "CandidateProfile").objects.exclude(resume_text="")
    for profile in profiles.select_related("user").iterator(chunk_size=500):
        data = profile.resume_data if isinstance(profile.resume_data, dict) else {}
        info = data.get("personal_info") if isinstance(data.get("personal_info"), dict) else {}
        names = [profile.user.first_name, profile.user.last_name]
        names += [str(info.get(key) or "") for key in ("first_name", "last_name", "full_name")]
        text = scrub(profile.resume_text, names)
        if text != profile.resume_text:
            profile.resume_text = text
            profile.save(update_fields=["resume_text"])


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_parsing_status_from_runs")]

    operations = [migrations.RunPython(scrub_stored_text, migrations.RunPython.noop, elidable=True)]
