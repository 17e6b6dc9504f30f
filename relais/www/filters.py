"""Filter forms (the directory search, the back-office list): every field is optional by nature, so
none is marked « (Optionnel) ».

django-dsfr marks each optional field when DSFR_MARK_OPTIONAL_FIELDS is on (Relais' setting, right
for forms a person fills in) and reads only `bound_field.field.required` to decide. A filter form's
bound fields show their field as "not to be marked"; validation still uses the form's own fields
(optional), and the form sets no `required` attribute on its inputs."""

from __future__ import annotations

from dsfr.forms import DsfrBaseForm, DsfrBoundField


class _Unmarked:
    """The field as the label sees it: everything from the real field, but nothing to mark."""

    required = True

    def __init__(self, field):
        self.__dict__["_field"] = field

    def __getattr__(self, name):
        return getattr(self._field, name)

    def __setattr__(self, name, value):
        setattr(self._field, name, value)


class FilterBoundField(DsfrBoundField):
    def __init__(self, form, field, name):
        super().__init__(form, _Unmarked(field), name)


class FilterForm(DsfrBaseForm):
    bound_field_class = FilterBoundField
    use_required_attribute = False
