"""Rate-limit counters shared by every process and web node (see relais/policy/throttle.py)."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many calls a client made in one fixed window (`key`: "<scope>:<client>")."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()  # Unix seconds at which the window began
    window_end = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "compteur de limite d'appels"
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="policy_ratecounter_unique")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"
