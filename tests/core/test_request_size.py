"""Issue #10, hole 9: a request announcing a huge body is refused before any of it is read."""

import pytest
from django.test import override_settings
from django.urls import reverse

from relais.procedures.models import Dossier
from relais.procedures.services import dossier_save_page, dossier_start
from tests.factories import PersonFactory
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db

HUGE = 200 * 1024 * 1024


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads the body."""

    def __init__(self):
        self.read_calls = 0

    def read(self, *args, **kwargs):
        self.read_calls += 1
        raise AssertionError("the body was read")

    readline = read

    def __iter__(self):
        self.read(0)


def _post_huge(client, url):
    stream = UnreadableInput()
    response = client.generic(
        "POST",
        url,
        data=b"x=1",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"CONTENT_LENGTH": str(HUGE), "wsgi.input": stream},
    )
    return response, stream


def test_dossier_page_upload_refused_before_reading_and_draft_kept(client):
    procedure = make_procedure()
    owner = PersonFactory()
    dossier = dossier_start(actor=owner.user, procedure=procedure)
    dossier = dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values={"prenom": "Camille"}, revision=dossier.revision
    ).dossier
    client.force_login(owner.user)
    url = reverse("procedures:dossier_page", args=[dossier.pk, 2])
    response, stream = _post_huge(client, url)
    assert response.status_code == 413 and stream.read_calls == 0
    html = response.content.decode()
    assert "Ce fichier dépasse 50 Mo." in html and f'href="{url}"' in html
    assert "Ce que vous aviez déjà enregistré est gardé." in html
    assert response.has_header("Content-Security-Policy")
    after = Dossier.objects.get(pk=dossier.pk)
    assert after.revision == dossier.revision and after.data["prenom"] == "Camille"
    page = client.get(url)
    assert page.status_code == 200


def test_safe_upload_and_api_refused_before_reading(client):
    client.force_login(PersonFactory().user)
    response, stream = _post_huge(client, reverse("documents:upload"))
    assert response.status_code == 413 and stream.read_calls == 0
    response, stream = _post_huge(client, "/api/v1/rights/simulate")
    assert response.status_code == 413 and stream.read_calls == 0
    assert response.json() == {"detail": "Ce fichier dépasse 50 Mo."}


@override_settings(RELAIS_MAX_REQUEST_BYTES=1000)
def test_the_limit_is_a_setting_and_smaller_bodies_pass(client):
    assert client.post("/api/v1/rights/simulate", data="{}", content_type="application/json").status_code != 413
    response = client.post("/api/v1/rights/simulate", data="{" + " " * 1000 + "}", content_type="application/json")
    assert response.status_code == 413


@override_settings(RELAIS_MAX_REQUEST_BYTES=10 * 1024 * 1024)
def test_the_message_gives_the_limit_in_force(client):
    response, stream = _post_huge(client, "/api/v1/rights/simulate")
    assert response.status_code == 413 and stream.read_calls == 0
    assert response.json() == {"detail": "Ce fichier dépasse 10 Mo."}
