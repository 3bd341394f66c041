"""The fixed sets of values a candidate profile takes (contract section 7)."""

from django.db import models


class EmploymentType(models.TextChoices):
    FULL_TIME = "full-time", "Full-time"
    PART_TIME = "part-time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"
    VOLUNTEER = "volunteer", "Volunteer"
    OTHER = "other", "Other"


class WorkMode(models.TextChoices):
    REMOTE = "remote", "Remote"
    HYBRID = "hybrid", "Hybrid"
    ONSITE = "onsite", "On-site"


class DisabilityCategory(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    SENSORY = "sensory", "Sensory"
    NEURODEVELOPMENTAL = "neurodevelopmental", "Neurodevelopmental"
    MENTAL_HEALTH = "mental_health", "Mental health"
    INTELLECTUAL = "intellectual", "Intellectual"
    ACQUIRED = "acquired", "Acquired"
    CHRONIC_HEALTH = "chronic_health", "Chronic health"
    OTHER = "other", "Other"
    PREFER_NOT_TO_DISCLOSE = "prefer_not_to_disclose", "Prefer not to disclose"


class Accommodation(models.TextChoices):
    FLEXIBLE_SCHEDULE = "flexible_schedule", "Flexible schedule"
    REMOTE_WORK = "remote_work", "Remote work"
    ASSISTIVE_TECHNOLOGY = "assistive_technology", "Assistive technology"
    ACCESSIBLE_WORKSPACE = "accessible_workspace", "Accessible workspace"
    FLEXIBLE_DEADLINES = "flexible_deadlines", "Flexible deadlines"
    SUPPORT_PERSON = "support_person", "Support person"
    OTHER = "other", "Other"
    NOT_NEEDED = "not_needed", "Not needed"
    PREFER_TO_DISCUSS_LATER = "prefer_to_discuss_later", "Prefer to discuss later"


class AccommodationNeeds(models.TextChoices):
    YES = "YES", "Yes"
    NO = "NO", "No"
    PREFER_TO_DISCUSS_LATER = "PREFER_TO_DISCUSS_LATER", "Prefer to discuss later"


class DisclosurePreference(models.TextChoices):
    DURING_APPLICATION = "DURING_APPLICATION", "During application"
    DURING_INTERVIEW = "DURING_INTERVIEW", "During interview"
    AFTER_JOB_OFFER = "AFTER_JOB_OFFER", "After job offer"
    AFTER_STARTING_WORK = "AFTER_STARTING_WORK", "After starting work"
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"


class ParsingStatus(models.TextChoices):
    NOT_PARSED = "not_parsed", "Not parsed"
    PARSING = "parsing", "Parsing"
    PARSED = "parsed", "Parsed"
    FAILED = "failed", "Failed"


class LanguageLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    NATIVE = "native", "Native"


# Spellings the web client sends that mean one of the values above.
ALIASES = {"intern": EmploymentType.INTERNSHIP.value, "on-site": WorkMode.ONSITE.value}
