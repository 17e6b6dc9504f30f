"""Domain errors are mapped to a response in one place on each side: the screens' middleware
(relais.www.errors) and the API's exception handler (relais.api.main)."""

import json

import pytest
from django.test import RequestFactory

from relais.api.main import api
from relais.core.errors import Conflict, DomainError
from relais.directory.hours import InvalidHours
from relais.directory.selectors import SearchError
from relais.documents.processing import UploadRefused
from relais.organisations.services import MembershipError
from relais.rights.household import HouseholdError
from relais.territory.importing import FileFormatError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error", [UploadRefused, HouseholdError, SearchError, InvalidHours, FileFormatError, MembershipError]
)
def test_person_facing_errors_are_domain_errors(error):
    assert issubclass(error, DomainError)
    exc = error("Un message en français simple.")
    assert exc.message == str(exc) == "Un message en français simple."
    assert exc.status == 400


def test_value_errors_stay_value_errors():
    """Existing `except ValueError` keep catching them."""
    for error in (HouseholdError, SearchError, InvalidHours, FileFormatError):
        assert issubclass(error, ValueError)


@pytest.mark.urls("tests.core.domain_error_urls")
def test_screens_render_an_uncaught_domain_error_with_its_message_and_status(client):
    response = client.get("/test-only/search-error/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Indiquez une commune ou un code postal." in page
    assert "Erreur 400" in page
    assert [t.name for t in response.templates][0] == "errors/domain_error.html"


@pytest.mark.urls("tests.core.domain_error_urls")
def test_screens_keep_the_status_of_the_error(client):
    response = client.get("/test-only/conflict/")
    assert response.status_code == 409
    assert "Quelqu&#x27;un d&#x27;autre a modifié ces informations" in response.content.decode()


def test_api_answers_an_uncaught_domain_error_in_json():
    request = RequestFactory().get("/api/v1/system/")
    response = api.on_exception(request, SearchError("Indiquez une commune ou un code postal."))
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": "Indiquez une commune ou un code postal."}
    response = api.on_exception(request, Conflict())
    assert response.status_code == 409
    assert json.loads(response.content) == {"detail": Conflict.default_message}
