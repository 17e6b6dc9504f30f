"""Journal actions of the document safe (see relais/journal/actions.py).

The document's title is stored in the entry's details when it is read or changed; older entries
without it read « un document »."""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from relais.journal.actions import DOCUMENT, SYSTEM, declare


def _title(entry) -> dict:
    return {"title": (entry.details or {}).get("title") or gettext_now("un document")}


def _document(code: str, sentence, *, person_data_access: bool = False) -> None:
    declare(
        code,
        category=DOCUMENT,
        sentence=sentence,
        person_data_access=person_data_access,
        values=_title,
        derived=("title",),
    )


_document("document.added", _("%(actor)s a ajouté « %(title)s »"))
_document("document.updated", _("%(actor)s a modifié les informations de « %(title)s »"))
_document("document.deleted", _("%(actor)s a supprimé « %(title)s »"))
_document("document.attached", _("%(actor)s a joint « %(title)s » à un dossier"))
_document("document.opened", _("%(actor)s a ouvert « %(title)s »"), person_data_access=True)
_document("document.previewed", _("%(actor)s a regardé l'aperçu de « %(title)s »"), person_data_access=True)
declare(
    "retention.documents_purged",
    category=SYSTEM,
    details=("count",),
    sentence=_("Relais a effacé %(count)s documents arrivés en fin de conservation"),
)
