from functools import lru_cache
from html import escape

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.directory import hours, taxonomy
from relais.directory.models import Place, Service
from relais.territory.widgets import CommuneField
from relais.www.filters import FilterForm


class FastSelect(forms.Select):
    """A <select> rendered in Python: Django renders each <option> through a template, which costs
    ~2 ms per 100 options on every search page. Same markup as Django's select.html."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final.setdefault("class", "fr-select")
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        parts = [format_html('<select name="{}"{}>', name, flatatt(final))]

        def option(val, label):
            val = str(val)
            label = label.__html__() if hasattr(label, "__html__") else escape(str(label))  # conditional_escape
            return f'<option value="{escape(val)}"{" selected" if val in selected else ""}>{label}</option>'

        for val, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(val))}">')
                parts.extend(option(v, lab) for v, lab in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(val, label))
        parts.append("</select>")
        return mark_safe("".join(parts))


@lru_cache(maxsize=32)
def _choices(language: str | None) -> dict[str, list]:
    """The search form's choices in the active language (`language`): computed once, not per page."""
    return {
        "quoi": taxonomy.search_category_choices(),
        "langue": [("", str(_("Toutes")))] + [(k, str(v).capitalize()) for k, v in taxonomy.LANGUAGES.items()],
        "public": [("", str(_("Tout le monde")))]
        + [(k, v) for k, v in taxonomy.public_choices() if k != "tous-publics"],
    }


RADIUS_CHOICES = [("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("30", "30 km"), ("50", "50 km")]


class SearchForm(FilterForm):
    ou = CommuneField(
        label=_("Où ?"), required=False, help_text=_("Nom de la commune ou code postal. Exemple : Vénissieux ou 69200.")
    )
    rayon = forms.ChoiceField(
        label=_("Jusqu'à quelle distance ?"), choices=RADIUS_CHOICES, initial="10", required=False, widget=FastSelect
    )
    quoi = forms.ChoiceField(label=_("Vous cherchez"), required=False, choices=(), widget=FastSelect)
    q = forms.CharField(
        label=_("Ou écrivez ce que vous cherchez"),
        required=False,
        max_length=100,
        help_text=_("Exemples : douche, manger, papiers, CAF, ordinateur"),
    )
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    gratuit = forms.BooleanField(label=_("Gratuit"), required=False)
    fauteuil = forms.BooleanField(label=_("Accessible en fauteuil roulant"), required=False)
    langue = forms.ChoiceField(label=_("Langue parlée"), required=False, choices=(), widget=FastSelect)
    public = forms.ChoiceField(label=_("Pour qui ?"), required=False, choices=(), widget=FastSelect)
    accueil = forms.ChoiceField(
        label=_("Comment ?"),
        required=False,
        widget=FastSelect,
        choices=[
            ("", _("Sur place ou à distance")),
            ("en-presentiel", _("Sur place")),
            ("a-distance", _("À distance (téléphone, internet)")),
        ],
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in _choices(translation.get_language()).items():
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("ou") is None and (data.get("lat") is None or data.get("lon") is None) and not self.errors:
            if self.data.get("ou") is not None:
                self.add_error("ou", _("Écrivez le nom de votre commune ou son code postal."))
        return data


class HoursField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return hours.check(value)
        except hours.InvalidHours as exc:
            raise forms.ValidationError(exc.message, code="hours") from None


HOURS_HELP = _(
    "Format OpenStreetMap. Exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off "
    "(Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche, PH jours fériés)."
)


class RevisionMixin(forms.Form):
    """The revision of the record when the form was shown, posted back (optimistic locking)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["revision"].initial = instance.revision if instance is not None and instance.pk else 0

    def shown_revision(self) -> int:
        return self.cleaned_data.get("revision") or 0


class PlaceForm(RevisionMixin, DsfrBaseForm, forms.ModelForm):
    hours = HoursField(label=_("Horaires d'ouverture"), required=False, max_length=500, help_text=HOURS_HELP)
    temp_hours = HoursField(label=_("Horaires temporaires"), required=False, max_length=500, help_text=HOURS_HELP)
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "description",
            "address",
            "address_extra",
            "postcode",
            "commune_code",
            "commune_name",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "hours",
            "hours_note",
            "temp_hours",
            "temp_hours_from",
            "temp_hours_until",
            "temp_hours_message",
            "closed_from",
            "closed_until",
            "closure_message",
            "is_full",
            "full_message",
            "welcome",
            "welcome_details",
            "languages",
            "wheelchair",
            "animals_accepted",
            "itinerant",
            "itinerant_details",
            "accessibility_url",
            "pro_contact_name",
            "pro_phone",
            "pro_email",
            "referral_howto",
            "siret",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "referral_howto": forms.Textarea(attrs={"rows": 3}),
            "temp_hours_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "temp_hours_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wheelchair": forms.Select(
                choices=[("unknown", _("Je ne sais pas")), ("true", _("Oui")), ("false", _("Non"))]
            ),
            "animals_accepted": forms.Select(
                choices=[("unknown", _("Je ne sais pas")), ("true", _("Oui")), ("false", _("Non"))]
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(k, str(v).capitalize()) for k, v in taxonomy.LANGUAGES.items()]
        self.fields["commune_code"].help_text = _(
            "Code INSEE à 5 chiffres (la position est prise au centre de la commune si vous ne la donnez pas)."
        )

    def clean(self):
        data = super().clean()
        for start, end in (("closed_from", "closed_until"), ("temp_hours_from", "temp_hours_until")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("La date de fin doit être après la date de début."))
        if data.get("temp_hours") and not data.get("temp_hours_from"):
            self.add_error("temp_hours_from", _("Indiquez à partir de quand ces horaires s'appliquent."))
        return data


class ServiceForm(RevisionMixin, DsfrBaseForm, forms.ModelForm):
    hours = HoursField(
        label=_("Horaires du service (si différents du lieu)"), required=False, max_length=500, help_text=HOURS_HELP
    )
    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques"), choices=(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics"), required=False, choices=taxonomy.PUBLIC_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    modes_accueil = forms.MultipleChoiceField(
        label=_("Modes d'accueil"),
        required=False,
        choices=taxonomy.MODE_ACCUEIL_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    modes_mobilisation = forms.MultipleChoiceField(
        label=_("Comment s'adresser au service"),
        required=False,
        choices=taxonomy.MODE_MOBILISATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    mobilisable_par = forms.MultipleChoiceField(
        label=_("Qui peut s'adresser au service"),
        required=False,
        choices=taxonomy.MOBILISABLE_PAR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    zone = forms.CharField(
        label=_("Zone couverte (codes INSEE de communes ou de départements, ou « france »)"),
        required=False,
        help_text=_("Séparés par des espaces. Exemple : 69 01. Pour une ligne téléphonique départementale."),
    )
    description = forms.CharField(label=_("Description"), min_length=5, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "type",
            "thematiques",
            "frais",
            "frais_precisions",
            "publics",
            "publics_precisions",
            "conditions_acces",
            "modes_accueil",
            "modes_mobilisation",
            "mobilisable_par",
            "mobilisation_precisions",
            "lien_mobilisation",
            "hours",
            "phone",
            "email",
            "contact_name",
            "is_published",
        ]
        widgets = {
            "conditions_acces": forms.Textarea(attrs={"rows": 2}),
            "mobilisation_precisions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].choices = taxonomy.theme_choices()  # plain labels first, the official term second
        self.fields["publics"].choices = taxonomy.public_choices()
        self.fields["type"].choices = [*BLANK_CHOICE_DASH, *taxonomy.type_choices()]
        if self.instance and self.instance.pk:
            self.fields["zone"].initial = " ".join(self.instance.zone_eligibilite)

    def clean_zone(self):
        codes = (self.cleaned_data.get("zone") or "").replace(",", " ").split()
        for code in codes:
            if code != "france" and not (code.isalnum() and 2 <= len(code) <= 9):
                raise forms.ValidationError(_("« %(code)s » n'est pas un code INSEE.") % {"code": code})
        return codes

    def clean_publics(self):
        publics = self.cleaned_data.get("publics") or []
        if "tous-publics" in publics and len(publics) > 1:
            raise forms.ValidationError(_("« Tous publics » ne peut pas être choisi avec d'autres publics."))
        return publics


class ReportForm(DsfrBaseForm):
    message = forms.CharField(
        label=_("Qu'est-ce qui ne va pas ?"),
        min_length=5,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Exemple : le lieu a déménagé, les horaires ont changé, le numéro ne répond pas."),
    )
    contact = forms.CharField(
        label=_("Votre téléphone ou adresse électronique, si vous voulez une réponse"), required=False, max_length=200
    )


class ConfirmForm(DsfrBaseForm):
    pass
