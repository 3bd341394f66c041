"""factory-boy factories for candidate profiles, their records, and notes."""

import factory

from apps.candidates.models import (
    CandidateProfile,
    Education,
    Language,
    Note,
    Skill,
    WorkExperience,
    new_slug,
)
from tests.factories import UserFactory


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)
    slug = factory.LazyAttribute(lambda o: new_slug(o.user.first_name))
    is_available = True


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    profile = factory.SubFactory(CandidateProfileFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    profile = factory.SubFactory(CandidateProfileFactory)
    institution = factory.Sequence(lambda n: f"University {n}")
    course_name = "BSc"
    major = "Computer Science"
    start_year = 2015
    end_year = 2019


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    profile = factory.SubFactory(CandidateProfileFactory)
    language = factory.Sequence(lambda n: f"Language {n}")
    speaking = "advanced"
    reading = "advanced"
    writing = "intermediate"


class WorkExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    profile = factory.SubFactory(CandidateProfileFactory)
    company = factory.Sequence(lambda n: f"Company {n}")
    role = "Developer"


class NoteFactory(factory.django.DjangoModelFactory):
    """A note on a profile; pass `organization=` (and `author=`) for a recruiter's note."""

    class Meta:
        model = Note

    profile = factory.SubFactory(CandidateProfileFactory)
    author = factory.LazyAttribute(lambda o: o.profile.user)
    organization = None
    note = factory.Sequence(lambda n: f"Note {n}")
