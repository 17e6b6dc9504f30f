"""Journal entries about a person's documents, told in plain French."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.organisations.models import Organisation

VERBS = {
    "document.opened": gettext_lazy("a ouvert"),
    "document.previewed": gettext_lazy("a regardé l'aperçu de"),
    "document.added": gettext_lazy("a ajouté"),
    "document.deleted": gettext_lazy("a supprimé"),
    "document.attached": gettext_lazy("a joint à un dossier"),
    "document.updated": gettext_lazy("a modifié les informations de"),
}


@dataclass
class Line:
    at: object
    when: str
    who: str
    organisation: str
    verb: str
    title: str
    on_your_behalf: bool


def describe_entries(entries) -> list[Line]:
    entries = list(entries)
    org_ids = {e.organisation_id for e in entries if e.organisation_id}
    names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    lines = []
    for entry in entries:
        local = timezone.localtime(entry.at)
        lines.append(
            Line(
                at=entry.at,
                when=_("le %(date)s à %(time)s")
                % {
                    "date": date_format(local, "j F Y"),
                    "time": date_format(local, "H:i").replace(":", " h "),
                },
                who=entry.actor_label or _("une personne inconnue"),
                organisation=names.get(entry.organisation_id, ""),
                verb=str(VERBS.get(entry.action, entry.action)),
                title=(entry.details or {}).get("title") or _("un document"),
                on_your_behalf=bool(entry.on_behalf_of_id),
            )
        )
    return lines
