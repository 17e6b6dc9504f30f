"""The journal: one append-only, tamper-evident record of every sensitive action.

Each entry carries the hash of the previous one (a hash chain); database triggers refuse UPDATE
and DELETE; `manage.py journal_verify` recomputes the chain. Ids of actors, organisations and
persons are stored as plain integers (no foreign keys) so that erasing an account never needs
to touch the journal, and the journal never blocks an erasure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    at = models.DateTimeField(_("date"), db_index=True)
    actor_id = models.BigIntegerField(_("auteur"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("structure agissante"), null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("personne concernée"), null=True, blank=True, db_index=True)
    on_behalf_of_id = models.BigIntegerField(_("pour le compte de"), null=True, blank=True)
    mandate_id = models.BigIntegerField(_("mandat"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class Head(models.Model):
    """The last entry's id and hash: removing the newest entries is detected too."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"journal head #{self.last_id} ({self.count} entries)"
