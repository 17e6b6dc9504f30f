"""Forms of the procedures screens: one dynamic form per page of a dossier, builder forms."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.forms import DsfrBaseForm

from relais.documents.processing import format_size
from relais.organisations.models import MandateCategory
from relais.procedures import field_types
from relais.procedures import fields as F_
from relais.procedures.profile import PROFILE_KEYS
from relais.www.filters import FilterForm


def initial_for(spec: dict, value):
    """A stored value as shown in its input."""
    if F_.is_empty(value):
        return None
    return field_types.get(spec["type"]).initial(spec, value)


def django_field(spec: dict, *, help_html: str = ""):
    common = {
        "label": spec.get("label", ""),
        "required": bool(spec.get("required")),
        "help_text": mark_safe(help_html) if help_html else "",
    }
    return field_types.get(spec["type"], default="text").form_field(spec, **common)


def help_html(spec: dict, all_fields: list[dict], *, prefilled: bool) -> str:
    parts = []
    if spec.get("help"):
        parts.append(conditional_escape(spec["help"]))
    if spec.get("condition"):
        parts.append(conditional_escape(F_.describe_condition(spec["condition"], all_fields)))
    if prefilled:
        parts.append(
            conditional_escape(_("Déjà rempli avec les informations de votre profil : vérifiez et corrigez si besoin."))
        )
    return "<br>".join(str(p) for p in parts)


class PageForm(DsfrBaseForm):
    """The questions of one page. Values are checked by `relais.procedures.fields.clean_value`;
    "required" is enforced only when the person continues (not when they save for later)."""

    use_required_attribute = False

    def __init__(
        self,
        *args,
        page: dict,
        all_fields: list[dict],
        saved: dict,
        prefilled: set[str],
        counts: dict[str, int],
        enforce_required: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.all_fields = all_fields
        self.saved = saved
        self.enforce_required = enforce_required
        self.specs: dict[str, tuple[dict, str | None, int | None]] = {}
        self.counts = counts
        for spec in page["fields"]:
            field_type = field_types.get(spec.get("type"), default="text")
            if not field_type.holds_value or field_type.holds_files:
                continue
            if field_type.has_children:
                items = saved.get(spec["key"]) or []
                for index in range(counts.get(spec["key"], len(items))):
                    item = items[index] if index < len(items) else {}
                    for child in F_.input_fields(spec.get("fields", [])):
                        name = f"{spec['key']}__{index}__{child['key']}"
                        self.fields[name] = django_field(child, help_html=help_html(child, all_fields, prefilled=False))
                        self.initial[name] = initial_for(child, item.get(child["key"]))
                        self.specs[name] = (child, spec["key"], index)
                continue
            name = spec["key"]
            self.fields[name] = django_field(spec, help_html=help_html(spec, all_fields, prefilled=name in prefilled))
            self.initial[name] = initial_for(spec, saved.get(name))
            self.specs[name] = (spec, None, None)

    def full_clean(self):
        required = {name: f.required for name, f in self.fields.items()}
        for f in self.fields.values():
            f.required = False
        try:
            super().full_clean()
        finally:
            for name, f in self.fields.items():
                f.required = required[name]

    def clean(self):
        cleaned = super().clean()
        values: dict = {}
        items: dict[str, dict[int, dict]] = {}
        for name, (spec, parent, index) in self.specs.items():
            if name in self.errors:
                continue
            try:
                value = F_.clean_value(spec, cleaned.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
                continue
            if parent is None:
                values[name] = value
            else:
                items.setdefault(parent, {}).setdefault(index, {})[spec["key"]] = value
        for spec in self.page["fields"]:
            if _has_children(spec):
                count = self.counts.get(spec["key"], 0)
                values[spec["key"]] = [items.get(spec["key"], {}).get(i, {}) for i in range(count)]
        merged = {**self.saved, **values}
        self.values = {}
        for name, (spec, parent, _index) in self.specs.items():
            if parent is not None:
                continue
            visible = F_.evaluate(spec.get("condition"), merged)
            if not visible:
                self.values[name] = None
                continue
            if name in values:
                self.values[name] = values[name]
            if (
                self.enforce_required
                and spec.get("required")
                and F_.is_empty(values.get(name))
                and name not in self.errors
            ):
                self.add_error(name, _("Cette réponse est à remplir."))
        for spec in self.page["fields"]:
            if not _has_children(spec):
                continue
            key = spec["key"]
            visible = F_.evaluate(spec.get("condition"), merged)
            if not visible:
                self.values[key] = []
                continue
            self.values[key] = values.get(key, [])
            if not self.enforce_required:
                continue
            for index, item in enumerate(values.get(key, [])):
                for child in F_.input_fields(spec.get("fields", [])):
                    name = f"{key}__{index}__{child['key']}"
                    if (
                        child.get("required")
                        and F_.evaluate(child.get("condition"), merged, item)
                        and F_.is_empty(item.get(child["key"]))
                        and name not in self.errors
                    ):
                        self.add_error(name, _("Cette réponse est à remplir."))
        return cleaned

    def valid_values(self) -> dict:
        """The answers without errors (saved even when other answers of the page need fixing)."""
        if not hasattr(self, "values"):
            return {}
        bad_top = {name.split("__")[0] for name in self.errors}
        return {k: v for k, v in self.values.items() if k not in bad_top}


class StartForm(forms.Form):
    pass


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(
        label=gettext_lazy("Motif (la personne le lira)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MessageForm(DsfrBaseForm):
    body = forms.CharField(
        label=gettext_lazy("Votre message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    file = forms.FileField(
        label=gettext_lazy("Joindre un fichier (photo ou PDF)"),
        required=False,
        help_text=gettext_lazy("Facultatif. Une photo prise avec votre téléphone convient."),
    )


class BackofficeFilterForm(FilterForm):
    etat = forms.ChoiceField(label=gettext_lazy("État"), required=False)
    instructeur = forms.ChoiceField(label=gettext_lazy("Instructeur"), required=False)
    depuis = forms.DateField(
        label=gettext_lazy("Déposé depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    jusqu = forms.DateField(
        label=gettext_lazy("Déposé jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, states, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etat"].choices = [("", _("Tous"))] + list(states)
        self.fields["instructeur"].choices = [("", _("Tous")), ("me", _("Moi")), ("none", _("Personne"))] + [
            (str(u.pk), str(u)) for u in agents
        ]


class ProcedureForm(DsfrBaseForm):
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description en mots simples"), widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.CharField(label=gettext_lazy("Pour qui"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    documents_needed = forms.CharField(
        label=gettext_lazy("Documents à préparer (un par ligne)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    estimated_minutes = forms.IntegerField(
        label=gettext_lazy("Temps estimé (minutes)"), min_value=1, max_value=600, initial=15
    )
    category = forms.ChoiceField(label=gettext_lazy("Catégorie"), choices=MandateCategory.choices)
    prefill_partners = forms.MultipleChoiceField(
        label=gettext_lazy("Partenaires autorisés à créer des dossiers pré-remplis (API)"),
        help_text=gettext_lazy(
            "La structure qui instruit la démarche peut toujours le faire. Ajoutez ici les structures partenaires "
            "dont le logiciel peut préparer un dossier pour une personne (avec un jeton d'API)."
        ),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, partner_choices: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner_choices is None:  # a new procedure: only its own organisation prefills it
            del self.fields["prefill_partners"]
        else:
            self.fields["prefill_partners"].choices = [(str(pk), name) for pk, name in partner_choices]


class FieldForm(DsfrBaseForm):
    """One field of a draft version, edited with plain inputs."""

    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=[(k, v) for k, v in F_.FIELD_TYPES.items()])
    label = forms.CharField(label=gettext_lazy("Question ou texte affiché"), max_length=300)
    key = forms.SlugField(
        label=gettext_lazy("Identifiant technique"),
        required=False,
        max_length=60,
        help_text=gettext_lazy(
            "Minuscules et _ seulement, par exemple date_naissance. Laisser vide pour un titre ou une explication."
        ),
    )
    required = forms.BooleanField(label=gettext_lazy("Réponse obligatoire"), required=False)
    help = forms.CharField(
        label=gettext_lazy("Aide affichée sous la question"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    choices = forms.CharField(
        label=gettext_lazy("Choix proposés (un par ligne)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    glossary = forms.CharField(
        label=gettext_lazy("Mots du glossaire expliqués (identifiants séparés par des virgules)"), required=False
    )
    profile_key = forms.ChoiceField(
        label=gettext_lazy("Pré-remplir avec le profil"),
        required=False,
        choices=[("", "—")] + [(k, v[0]) for k, v in PROFILE_KEYS.items()],
    )
    accept = forms.MultipleChoiceField(
        label=gettext_lazy("Fichiers acceptés"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, v) for k, v in F_.FILE_KINDS.items()],
    )
    max_kb = forms.IntegerField(
        label=gettext_lazy("Taille maximale (Ko)"), required=False, min_value=10, max_value=51200
    )
    multiple = forms.BooleanField(label=gettext_lazy("Plusieurs fichiers possibles"), required=False)
    one_pdf = forms.BooleanField(label=gettext_lazy("Regrouper en un seul PDF"), required=False)
    item_label = forms.CharField(
        label=gettext_lazy("Nom d'un élément du bloc répété (par exemple « Enfant »)"), required=False, max_length=80
    )
    condition = forms.CharField(
        label=gettext_lazy("Condition d'affichage (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            'Par exemple {"field": "a_enfants", "op": "eq", "value": true}. Opérations : eq, not_eq, in, and, or.'
        ),
    )

    def clean_condition(self):
        text = self.cleaned_data.get("condition", "").strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ValidationError(_("La condition n'est pas du JSON valide.")) from exc

    def definition(self, existing: dict | None = None) -> dict:
        data = self.cleaned_data
        spec: dict = {"type": data["type"], "label": data["label"].strip()}
        if data["type"] not in F_.STRUCTURE_TYPES:
            spec["key"] = data["key"]
            spec["required"] = data["required"]
        for name in ("help", "item_label", "profile_key"):
            if data.get(name):
                spec[name] = data[name].strip()
        if data.get("choices"):
            spec["choices"] = [line.strip() for line in data["choices"].splitlines() if line.strip()]
        if data.get("glossary"):
            spec["glossary"] = [s.strip() for s in data["glossary"].split(",") if s.strip()]
        if field_types.get(data["type"]).holds_files:
            spec["accept"] = data.get("accept") or []
            spec["max_bytes"] = int(data.get("max_kb") or 5120) * 1024
            spec["multiple"] = data["multiple"]
            spec["one_pdf"] = data["one_pdf"]
        if data.get("condition"):
            spec["condition"] = data["condition"]
        if existing and _has_children(existing) and existing.get("type") == data["type"]:
            spec["fields"] = existing.get("fields", [])
        return spec

    @classmethod
    def initial_from(cls, spec: dict) -> dict:
        initial = {
            k: spec.get(k)
            for k in ("type", "label", "key", "required", "help", "profile_key", "item_label", "multiple", "one_pdf")
        }
        initial["choices"] = "\n".join(spec.get("choices", []))
        initial["glossary"] = ", ".join(spec.get("glossary", []))
        initial["accept"] = spec.get("accept", [])
        initial["max_kb"] = int(spec["max_bytes"] / 1024) if spec.get("max_bytes") else None
        initial["condition"] = json.dumps(spec["condition"], ensure_ascii=False) if spec.get("condition") else ""
        return initial


class ImportForm(DsfrBaseForm):
    file = forms.FileField(label=gettext_lazy("Fichier JSON exporté d'une démarche"))


class GlossaryTermForm(DsfrBaseForm):
    term = forms.CharField(label=gettext_lazy("Terme"), max_length=120)
    slug = forms.SlugField(label=gettext_lazy("Identifiant"), max_length=80, required=False)
    definition = forms.CharField(
        label=gettext_lazy("Explication en mots simples"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileForm(DsfrBaseForm):
    """Tell us once: every profile key as a plain optional input."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, (label, kind) in PROFILE_KEYS.items():
            name = key.replace(".", "__")
            spec = {"type": kind, "label": str(label), "required": False}
            self.fields[name] = field_types.get(kind).plain_form_field(
                spec, label=str(label), required=False, help_text=""
            )
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        self.values = {}
        for key, (_label, kind) in PROFILE_KEYS.items():
            name = key.replace(".", "__")
            if name in self.errors:
                continue
            try:
                value = F_.clean_value({"type": kind, "key": "x", "label": ""}, cleaned.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
                continue
            if value is not None:
                self.values[key] = value
        return cleaned


def profile_initial(data: dict) -> dict:
    initial = {}
    for key, (_label, kind) in PROFILE_KEYS.items():
        value = data.get(key)
        spec = {"type": kind}
        initial[key.replace(".", "__")] = (
            None if F_.is_empty(value) else field_types.get(kind).plain_initial(spec, value)
        )
    return initial


def _has_children(spec: dict) -> bool:
    return field_types.get(spec.get("type"), default="text").has_children


__all__ = ["PageForm", "format_html", "format_size"]
