"""A profile's records of every kind in one query, for `full/`.

The seven kinds of record (education, skills, languages, work experience, projects,
achievements, certifications) were seven queries, each a database round trip and a pass through
the ORM's row conversion: most of the CPU of a `full/` read. Here they are one UNION ALL,
compiled once per connection (`PreparedQuery.rows`). Every branch selects the record's kind (its
index in RECORD_MODELS), the columns all records share (`id`, `profile_id`, `created_at`,
`updated_at`), and then typed slots (`SLOTS`: text, date, boolean, integer) that hold its
kind's own columns, the slots it does not fill a NULL cast to the slot's type (PostgreSQL
resolves the type of a UNION column from its branches, and a bare NULL would read as text).
Sharing slots keeps the statement and its rows narrow: a column per kind and field made it
three times as long and cost twice the CPU to send and read. Rows are ordered by kind, then
`id`, each kind's order (Record.Meta.ordering), and become instances of their kind's model as
the ORM makes them.
"""

from collections import Counter

from django.db.models import (
    BooleanField,
    DateField,
    F,
    Field,
    IntegerField,
    Model,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast

from platform_core.prepared import PreparedQuery

from .models import (
    Achievement,
    CandidateProfile,
    Certification,
    Education,
    Language,
    Project,
    Skill,
    WorkExperience,
)

RecordModel = Education | Skill | Language | WorkExperience | Project | Achievement | Certification
RECORD_MODELS: dict[str, type[RecordModel]] = {
    "education": Education,
    "skills": Skill,
    "languages": Language,
    "work_experience": WorkExperience,
    "projects": Project,
    "achievements": Achievement,
    "certifications": Certification,
}

# The columns every kind of record has, first in each row after the kind.
SHARED = ("id", "profile_id", "created_at", "updated_at")

# The kinds' own columns share typed slots: a row's text slots hold the text columns of its
# kind, its date slots its dates, and so on; a kind leaves the slots it does not fill NULL.
# A model gaining a column of another type needs a slot type here (a KeyError at import).
SLOT_TYPES = {
    "CharField": "text",
    "TextField": "text",
    "URLField": "text",
    "DateField": "date",
    "BooleanField": "bool",
    "PositiveSmallIntegerField": "int",
}
# The type of an empty slot: what its NULL is cast to, and how its values are converted.
SLOT_FIELDS: dict[str, Field] = {
    "text": TextField(),
    "date": DateField(),
    "bool": BooleanField(),
    "int": IntegerField(),
}


def _own_fields(model: type[Model]) -> list[tuple[Field, str]]:
    """The concrete fields of `model` other than the shared ones, in the model's order, each
    with the name of the slot it fills."""
    counts: Counter[str] = Counter()
    fields = []
    for field in model._meta.concrete_fields:
        if field.attname not in SHARED:
            slot_type = SLOT_TYPES[field.get_internal_type()]
            fields.append((field, f"{slot_type}{counts[slot_type]}"))
            counts[slot_type] += 1
    return fields


def _slots() -> dict[str, Field]:
    """Every slot, in row order after the shared columns, with the field of its empty NULL:
    of each type, as many as the kind with most columns of that type needs."""
    needed: Counter[str] = Counter()
    for model in RECORD_MODELS.values():
        needed |= Counter(SLOT_TYPES[field.get_internal_type()] for field, _ in _own_fields(model))
    return {
        f"{slot_type}{index}": field
        for slot_type, field in SLOT_FIELDS.items()
        for index in range(needed[slot_type])
    }


SLOTS = _slots()


def _kinds() -> list[tuple[type[RecordModel], list[str], list[int]]]:
    """Per kind: its model, its concrete fields' attribute names, and where each one's value
    is in a row (`Model.from_db` takes the values in the model's field order)."""
    positions = {name: 1 + index for index, name in enumerate(SHARED)}
    slot_positions = {slot: 1 + len(SHARED) + index for index, slot in enumerate(SLOTS)}
    kinds: list[tuple[type[RecordModel], list[str], list[int]]] = []
    for model in RECORD_MODELS.values():
        columns = dict(positions)
        columns.update({field.attname: slot_positions[slot] for field, slot in _own_fields(model)})
        names = [field.attname for field in model._meta.concrete_fields]
        kinds.append((model, names, [columns[name] for name in names]))
    return kinds


_KINDS = _kinds()


def _branch(kind: int, model: type[RecordModel], profile_id: int) -> QuerySet:
    """The records of one kind: the kind, the shared columns, then every slot, filled with the
    kind's own columns or NULL."""
    columns: dict = {"record_kind": Value(kind, output_field=IntegerField())}
    columns.update({f"record_{name}": F(name) for name in SHARED})
    own = {slot: field.attname for field, slot in _own_fields(model)}
    for slot, field in SLOTS.items():
        column = F(own[slot]) if slot in own else Cast(Value(None), output_field=field)
        columns[f"record_{slot}"] = column
    return model.objects.filter(profile_id=profile_id).order_by().values(**columns)


def _all_records(profile_id: int) -> QuerySet:
    branches = [
        _branch(kind, model, profile_id) for kind, model in enumerate(RECORD_MODELS.values())
    ]
    first, *rest = branches
    return first.union(*rest, all=True).order_by("record_kind", "record_id")


_RECORDS: PreparedQuery = PreparedQuery(_all_records)


def _record_of(row: tuple, alias: str) -> Model:
    """The instance a row holds: its kind's model, from the shared columns and its own."""
    model, names, positions = _KINDS[row[0]]
    return model.from_db(alias, names, [row[position] for position in positions])


def attach_records(profile: CandidateProfile) -> None:
    """Load every kind of record of `profile` into `profile.verified_records` ({relation: list},
    for FullProfileOut), each kind's records in its order; each record knows its profile."""
    by_kind: dict[type[Model], list] = {model: [] for model in RECORD_MODELS.values()}
    for row in _RECORDS.rows(profile_id=profile.pk):
        record = _record_of(row, _RECORDS.using)
        record.profile = profile  # type: ignore[attr-defined]
        by_kind[type(record)].append(record)
    profile.verified_records = {  # type: ignore[attr-defined]
        relation: by_kind[model] for relation, model in RECORD_MODELS.items()
    }
