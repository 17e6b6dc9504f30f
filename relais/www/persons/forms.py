"""The person search form, shared by the general search (/personnes/) and the new mandate's search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.casefile.search import Criteria, parse
from relais.territory.widgets import CommuneField

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class PersonSearchForm(DsfrBaseForm):
    query = forms.CharField(
        label=_("Nom, téléphone, adresse électronique ou code de la fiche"),
        help_text=_(
            "Prénom et nom dans n'importe quel ordre, nom de naissance possible. Vous pouvez ajouter la date de "
            "naissance : Benali Mohamed 03/02/1985."
        ),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = forms.DateField(
        label=_("Date de naissance (facultatif)"),
        help_text=_("Format : jj/mm/aaaa, par exemple 15/03/1962"),
        input_formats=DATE_FORMATS,
        required=False,
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Écrivez la date sous la forme jj/mm/aaaa, par exemple 15/03/1962.")},
    )
    commune = CommuneField(label=_("Commune de la personne (facultatif)"), required=False)

    def clean(self):
        cleaned = super().clean()
        query = (cleaned.get("query") or "").strip()
        if self.errors:
            return cleaned
        if not query and not cleaned.get("birth_date") and not cleaned.get("commune"):
            raise forms.ValidationError(
                _("Indiquez au moins un nom, une date de naissance, une commune, un téléphone ou un code.")
            )
        if parse(query).bad_date:
            self.add_error("query", _("La date écrite dans la recherche n'existe pas. Vérifiez-la (jj/mm/aaaa)."))
        return cleaned

    def criteria(self) -> Criteria:
        commune = self.cleaned_data.get("commune")
        return Criteria(
            text=self.cleaned_data.get("query") or "",
            birth_date=self.cleaned_data.get("birth_date"),
            commune_id=commune.pk if commune else None,
        )


def page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page") or 1))
    except ValueError:
        return 1
