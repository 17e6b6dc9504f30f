"""Forms of the appointment settings: reasons (managers), opening slots and absences (agents)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.appointments.models import Absence, OpeningSlot, Reason
from relais.directory.models import Place


class ReasonForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Reason
        fields = [
            "name",
            "duration_minutes",
            "location",
            "bookable_by",
            "min_delay_minutes",
            "max_delay_days",
            "instructions_before",
            "instructions_after",
            "hidden_in_messages",
            "is_collective",
            "capacity",
        ]

    def clean(self):
        data = super().clean()
        if data.get("is_collective") and (data.get("capacity") or 1) < 2:
            self.add_error("capacity", _("Une séance collective a au moins 2 places."))
        return data


class OpeningSlotForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = OpeningSlot
        fields = ["place", "reasons", "first_day", "start_time", "end_time", "recurrence", "until"]
        widgets = {
            "reasons": forms.CheckboxSelectMultiple,
            "first_day": forms.DateInput(attrs={"type": "date"}),
            "until": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(organisation=organisation).order_by("name")
        self.fields["reasons"].queryset = Reason.objects.filter(organisation=organisation, is_active=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        first, until = data.get("first_day"), data.get("until")
        if first and until and until < first:
            self.add_error("until", _("La date de fin doit être après le premier jour."))
        return data


class AbsenceForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_at", "ends_at", "note"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("La fin de l'absence doit être après son début."))
        return data
