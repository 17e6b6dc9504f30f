"""The reusable commune picker: a form field and its widget, for every screen of Relais.

    from relais.territory.widgets import CommuneField

    class AddressForm(DsfrBaseForm):
        commune = CommuneField(label=_("Votre commune"))

`form.cleaned_data["commune"]` is a `Commune`. Without JavaScript the person types a name or a
postcode and submits: one match is taken; several are listed as radio buttons to pick from;
none gives a plain-French error with close names (also as radio buttons). With JavaScript, htmx
fetches suggestions as the person types (territory:suggest) and static/js/commune-picker.js
turns the input into an accessible combobox that fills a hidden input with the INSEE code.

The submitted data are `<name>` (typed text), `<name>_code` (INSEE code set by the script) and
`<name>_choice` (the radio picked after an ambiguous or unknown text)."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBoundField

from relais.territory import selectors
from relais.territory.models import Commune

# The picker's templates live in the project's templates/ (not in the form renderer's folders).
_RENDERER = TemplatesSetting()

CODE_SUFFIX = "_code"
CHOICE_SUFFIX = "_choice"


class CommunePickerWidget(forms.Widget):
    template_name = "components/commune_picker_widget.html"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.resolution: selectors.Resolution | None = None

    def value_from_datadict(self, data, files, name):
        if name not in data and name + CODE_SUFFIX not in data and name + CHOICE_SUFFIX not in data:
            return None
        return {
            "text": (data.get(name) or "").strip(),
            "code": (data.get(name + CODE_SUFFIX) or "").strip(),
            "choice": (data.get(name + CHOICE_SUFFIX) or "").strip(),
        }

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + CODE_SUFFIX not in data and name + CHOICE_SUFFIX not in data

    def format_value(self, value):
        if isinstance(value, Commune):
            return {"text": value.label, "code": value.code, "choice": ""}
        if isinstance(value, dict):
            return {"text": value.get("text", ""), "code": value.get("code", ""), "choice": value.get("choice", "")}
        return {"text": "", "code": "", "choice": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        current = context["widget"]["value"]
        resolution = self.resolution
        if resolution is not None and resolution.commune is not None:
            current = {"text": resolution.commune.label, "code": resolution.commune.code, "choice": ""}
        elif resolution is not None:
            current = {**current, "code": ""}  # the typed text names no single commune
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        text_attrs = {
            **context["widget"]["attrs"],
            "id": widget_id,
            "autocomplete": "address-level2",
            "spellcheck": "false",
        }
        text_attrs.setdefault("class", "fr-input")
        # The field template always shows the hint, and the errors in `<id>-desc-error` (DSFR).
        describedby = [f"{widget_id}-hint"]
        if text_attrs.get("aria-invalid"):
            describedby.append(f"{widget_id}-desc-error")
        text_attrs["aria-describedby"] = " ".join(describedby)
        context["picker"] = {
            "id": widget_id,
            "text": current["text"],
            "code": current["code"],
            "choice": current["choice"],
            "code_name": name + CODE_SUFFIX,
            "text_attrs": text_attrs,
            "suggest_url": reverse("territory:suggest"),
        }
        return context

    def render(self, name, value, attrs=None, renderer=None):
        return self._render(self.template_name, self.get_context(name, value, attrs), _RENDERER)


class CommuneBoundField(DsfrBoundField):
    def get_context(self):
        context = super().get_context()
        if self.form.is_bound:
            self.errors  # noqa: B018 -- cleans the form, which resolves the typed text
        resolution = self.field.widget.resolution
        choices = []
        if resolution is not None and resolution.commune is None:
            choices = resolution.candidates or resolution.suggestions
        context.update(
            picker_choices=choices,
            picker_suggestions=bool(resolution and not resolution.candidates and resolution.suggestions),
            picker_choice_name=self.html_name + CHOICE_SUFFIX,
        )
        return context

    def render(self, template_name=None, context=None, renderer=None):
        return super().render(template_name, context, _RENDERER)


def _join_names(communes: list[Commune]) -> str:
    return ", ".join(c.label for c in communes)


class CommuneField(forms.Field):
    """A commune typed by name or postcode; cleans to a `Commune`."""

    widget = CommunePickerWidget
    template_name = "components/commune_picker.html"
    default_error_messages = {
        "required": _("Écrivez le nom de votre commune ou son code postal."),
        "ambiguous": _(
            "Plusieurs communes correspondent à « %(text)s ». Choisissez la vôtre dans la liste ci-dessous."
        ),
        "ambiguous_many": _(
            "Beaucoup de communes correspondent à « %(text)s ». Choisissez la vôtre ci-dessous, "
            "ou écrivez le nom en entier ou le code postal."
        ),
        "unknown": _(
            "Nous ne trouvons pas de commune « %(text)s ». Vérifiez l'orthographe ou écrivez le code postal (5 "
            "chiffres)."
        ),
        "unknown_suggestions": _(
            "Nous ne trouvons pas de commune « %(text)s ». Vouliez-vous dire : %(names)s ? "
            "Choisissez-la ci-dessous, ou vérifiez l'orthographe."
        ),
    }

    def __init__(self, *, help_text=None, **kwargs) -> None:
        if not help_text:
            help_text = _("Son nom ou son code postal. Exemple : Vénissieux ou 69200.")
        super().__init__(help_text=help_text, **kwargs)

    def get_bound_field(self, form, field_name):
        return CommuneBoundField(form, self, field_name)

    def prepare_value(self, value):
        if isinstance(value, str) and value:
            return selectors.commune_by_code(value) or {"text": value, "code": "", "choice": ""}
        return value

    def has_changed(self, initial, data) -> bool:
        initial_code = initial.code if isinstance(initial, Commune) else (initial or "")
        if not data:
            return bool(initial_code)
        return (data.get("code") or data.get("choice") or data.get("text")) != initial_code

    def to_python(self, value) -> Commune | None:
        self.widget.resolution = None
        if isinstance(value, Commune) or value is None:
            return value
        if isinstance(value, str):
            value = {"text": value, "code": "", "choice": ""}
        text, code, choice = value.get("text", ""), value.get("code", ""), value.get("choice", "")
        if not text and not code and not choice:
            return None
        # 1. The script chose a commune: keep it while the text still names it.
        if code:
            commune = selectors.commune_by_code(code)
            if commune is not None and _text_names(text, commune):
                return commune
        resolution = selectors.commune_resolve(text)
        self.widget.resolution = resolution
        # 2. Without the script, the person picked one of the communes offered for this text.
        if choice and resolution.commune is None:
            offered = {c.code: c for c in resolution.candidates + resolution.suggestions}
            if choice in offered:
                self.widget.resolution = selectors.Resolution(text=text, commune=offered[choice])
                return offered[choice]
        if resolution.commune is not None:
            return resolution.commune
        if resolution.candidates:
            key = "ambiguous_many" if resolution.more else "ambiguous"
            raise forms.ValidationError(self.error_messages[key], code=key, params={"text": text})
        if resolution.suggestions:
            raise forms.ValidationError(
                self.error_messages["unknown_suggestions"],
                code="unknown",
                params={"text": text, "names": _join_names(resolution.suggestions)},
            )
        if not text:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        message = self.error_messages["unknown"] % {"text": text}
        if hint := selectors.not_loaded_message(text):
            message = f"{message} {hint}"
        raise forms.ValidationError(message, code="unknown")


def _text_names(text: str, commune: Commune) -> bool:
    """True when the typed text still designates `commune` ("Vénissieux (69200)", "venissieux")."""
    key, postcode = selectors.split_postcode(text)
    if postcode and postcode not in commune.postcode_list and postcode != commune.code:
        return False
    return key == commune.search_name or (not key and bool(postcode))


__all__ = ["CommuneField", "CommunePickerWidget"]
