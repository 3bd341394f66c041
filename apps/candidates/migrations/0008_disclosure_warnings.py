"""Disability and assistive-technology words out of the stored resume text and term counts, and
`disclosure_warnings` for the candidate.

From now on a parse stores `resume_text` and `resume_terms` without the words of the vocabulary
(apps/candidates/disability_terms.py) and the passages that name them as `disclosure_warnings`
(apps/candidates/parsing.py). This does the same for what earlier parses stored, from what they
stored: the original resume text is not kept, only `resume_text` as it was scrubbed.

What it recovers: every term in the stored `resume_text` leaves it, and from `resume_terms` its
tokens and every key holding a term ("wheelchair", "skill:screen readers"); the warnings list the
passages of the stored text, with their section read from the stored `resume_data`, and the
passages of `resume_data` the text lacks.
What it cannot: the passages are the scrubbed text's, so a warning misses the names, e-mail
addresses, phone numbers and links the scrub took out of its sentence (a parse of the file again
gives the whole passage); a term the scrub took out with a contact detail ("deaf.dev@...") is
not named. Irreversible: the words taken out of the text are gone (a new parse restores them).
"""

from django.db import migrations, models


def strip_stored_terms(apps, schema_editor):
    from apps.candidates.disability_terms import disclosure_warnings, strip_terms, without_terms
    from apps.candidates.parsing import resume_sections

    profiles = apps.get_model("candidates", "CandidateProfile").objects.exclude(resume_text="")
    for profile in profiles.iterator(chunk_size=500):
        text = profile.resume_text
        terms = profile.resume_terms if isinstance(profile.resume_terms, dict) else {}
        warnings = disclosure_warnings(text, resume_sections(profile.resume_data))
        stripped, kept = strip_terms(text), without_terms(terms, text)
        if (stripped, kept, warnings) != (text, terms, profile.disclosure_warnings):
            profile.resume_text, profile.resume_terms = stripped, kept
            profile.disclosure_warnings = warnings
            profile.save(update_fields=["resume_text", "resume_terms", "disclosure_warnings"])


class Migration(migrations.Migration):
    dependencies = [("candidates", "0007_disclosure_log")]

    operations = [
        migrations.AddField(
            model_name="candidateprofile",
            name="disclosure_warnings",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(strip_stored_terms, migrations.RunPython.noop, elidable=True),
    ]
