"""`AmongRows` and `AmongIds` keep the rows whose field is among a subquery's values or a
comma-separated list of ids, on SQLite and PostgreSQL, as `__in` does."""

import pytest

from apps.accounts.models import User
from platform_core.sql_json import AmongIds, AmongRows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _emails(users) -> set[str]:
    return set(users.values_list("email", flat=True))


def test_among_rows_keeps_what_in_keeps():
    for name in ("ada", "alan", "grace", "edsger"):
        UserFactory(email=f"{name}@example.com")
    chosen = User.objects.filter(email__startswith="a").values("pk")

    among = User.objects.filter(AmongRows("pk", chosen))

    assert _emails(among) == _emails(User.objects.filter(pk__in=chosen))
    assert _emails(among) == {"ada@example.com", "alan@example.com"}
    assert not User.objects.filter(AmongRows("pk", chosen.filter(email="nobody"))).exists()


def test_among_ids_keeps_the_listed_ids_only():
    users = [UserFactory() for _ in range(3)]
    wanted = [users[0].pk, users[2].pk, 10**12]

    among = User.objects.filter(AmongIds("id", ",".join(map(str, wanted))))

    assert sorted(among.values_list("pk", flat=True)) == [users[0].pk, users[2].pk]
