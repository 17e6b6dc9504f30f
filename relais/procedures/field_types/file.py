"""Attachments: photos and PDFs uploaded (or taken from the safe); the value is a list of attachment ids."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from relais.procedures.field_types.base import FieldType

FILE_KINDS = {
    "image": gettext_lazy("photo (JPEG, PNG, WebP, HEIC)"),
    "pdf": gettext_lazy("PDF"),
}
KIND_CONTENT_TYPES = {
    "image": {"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"},
    "pdf": {"application/pdf"},
}
# What the file input offers for each accepted kind (`accept` attribute).
KIND_INPUT_ACCEPT = {"image": "image/*,.heic,.heif", "pdf": "application/pdf"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class FileType(FieldType):
    kind = "file"
    label = gettext_lazy("Pièce jointe")
    position = 170
    operators = ()
    holds_files = True
    layout = "file"
    sample = [12, 13]

    def clean(self, spec: dict, raw: Any) -> list[int] | None:
        """Attachment ids (the files themselves come through uploads, never through a form value)."""
        if raw is None or raw == [] or raw == "":
            return None
        values = raw if isinstance(raw, list) else [raw]
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Type de champ inconnu."), code="type") from exc

    def display(self, spec: dict, value) -> str:
        count = len(value) if isinstance(value, list) else 1
        return ngettext("%(n)s fichier", "%(n)s fichiers", count) % {"n": count}

    def initial(self, spec: dict, value):
        return value

    def form_field(self, spec: dict, **common) -> forms.Field:
        """Uploads are read from `request.FILES` by the page, not by the page form."""
        return forms.FileField(**common)

    def input_accept(self, spec: dict) -> str:
        kinds = [k for k in spec.get("accept", []) if k in KIND_INPUT_ACCEPT]
        return ",".join(sorted(KIND_INPUT_ACCEPT[k] for k in kinds))

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        problems = []
        if nested:
            problems.append(_("Un bloc répété ne peut pas contenir de pièce jointe."))
        accept = spec.get("accept") or []
        if not accept or any(a not in FILE_KINDS for a in accept):
            problems.append(
                _("Champ « %(label)s » : choisissez les types de fichiers acceptés (photo, PDF).") % {"label": label}
            )
        max_bytes = spec.get("max_bytes")
        if not isinstance(max_bytes, int) or not 10_000 <= max_bytes <= 50 * 1024 * 1024:
            problems.append(
                _("Champ « %(label)s » : la taille maximale doit être entre 10 Ko et 50 Mo.") % {"label": label}
            )
        return problems
