"""Issue 20, item 6: the person reads their data in French (a page to print or save), and the JSON
holds what is about them without Django's internal fields, with one phone number."""

import pytest
from django.urls import reverse

from relais.accounts.services import person_export_data
from relais.procedures import services as procedure_services
from tests.factories import PersonFactory
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db


def test_the_json_has_no_internal_fields_and_one_phone():
    person = PersonFactory(user__email="awa@example.org", phone="+33612345678")
    data = person_export_data(user=person.user)
    for internal in ("is_superuser", "is_staff", "is_active", "user_permissions", "groups"):
        assert internal not in data["account"]
    assert "phone" not in data["account"] and data["person"]["phone"] == "+33612345678"
    assert data["account"]["email"] == "awa@example.org" and "date_joined" in data["account"]


def test_a_different_account_phone_is_kept():
    person = PersonFactory(phone="+33612345678", user__phone="+33700000000")
    assert person_export_data(user=person.user)["account"]["phone"] == "+33700000000"


def test_the_page_tells_the_data_in_french(client):
    person = PersonFactory(user__email="awa@example.org", first_name="Awa", last_name="Diallo", phone="+33612345678")
    procedure = make_procedure()
    procedure_services.dossier_start(actor=person.user, procedure=procedure)
    client.force_login(person.user)
    assert reverse("accounts:export_summary") in client.get(reverse("accounts:profile")).content.decode()
    html = client.get(reverse("accounts:export_summary")).content.decode()
    assert "Awa Diallo" in html and "06 12 34 56 78" in html and "+33612345678" not in html
    assert procedure.title in html
    assert "is_superuser" not in html and "user_permissions" not in html
    assert reverse("accounts:export") in html  # the JSON download, next to it
