"""The core's own tables."""

from django.db import models


class ThrottleCounter(models.Model):
    """One fixed-window rate-limit counter of the database store (the default without Redis).

    `key` names the scope, what is counted (a hashed address or account) and the window; the row
    is incremented by one atomic upsert (see platform_core.throttling) and deleted once `expires`
    (epoch seconds) has passed.
    """

    key: "models.CharField[str, str]" = models.CharField(max_length=120, primary_key=True)
    count: "models.PositiveIntegerField[int, int]" = models.PositiveIntegerField(default=0)
    expires: "models.BigIntegerField[int, int]" = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
