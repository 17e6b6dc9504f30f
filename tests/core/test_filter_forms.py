"""Issue 20, item 4: filters are not form fields to mark « (Optionnel) »; forms a person fills in still are."""

import pytest

from relais.www.directory.forms import ReportForm, SearchForm
from relais.www.procedures.forms import BackofficeFilterForm

pytestmark = pytest.mark.django_db


def test_filter_checkboxes_and_fields_are_not_marked_optional():
    search = SearchForm(data={})
    assert search.is_valid()
    html = "".join(str(search[name].as_field_group()) for name in ("ouvert", "gratuit", "fauteuil", "q"))
    assert "Optionnel" not in html and "required" not in html
    backoffice = BackofficeFilterForm(data={}, states=[("submitted", "Envoyé")], agents=[])
    assert backoffice.is_valid() and "Optionnel" not in str(backoffice)


def test_an_optional_field_of_a_real_form_is_still_marked():
    form = ReportForm()
    optional = [name for name, field in form.fields.items() if not field.required]
    assert optional, "ReportForm has an optional field"
    assert "(Optionnel)" in str(form[optional[0]].as_field_group())
