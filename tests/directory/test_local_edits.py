"""Local edits of an imported place survive a re-import, field by field (issue #12): a field edited in
Relais is no longer overwritten; the source's newer value waits for an editor to accept or refuse."""

import json

import pytest
from django.urls import reverse

from relais.directory import importers, services
from relais.directory.models import Place
from relais.journal.models import Entry
from tests.directory.factories import venissieux
from tests.factories import UserFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


def _import(tmp_path, **changes):
    row = {
        "source": "dora",
        "id": "dora--1",
        "nom": "Épicerie solidaire",
        "date_maj": "2024-05-01",
        "code_insee": "69259",
        "latitude": 45.70,
        "longitude": 4.88,
        "telephone": "0472000001",
        "courriel": "contact@epicerie.fr",
        **changes,
    }
    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [row], "services": []}))
    return importers.import_file(fmt="data-inclusion", path=path)


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True)
    add_totp(user)
    return user


def test_a_field_edited_here_is_kept_and_the_sources_value_proposed(tmp_path, editor, client):
    venissieux()
    _import(tmp_path)
    place = Place.objects.get()
    services.place_update(place=place, actor=editor, data={"phone": "04 78 00 00 99"})
    place.refresh_from_db()
    assert place.local_fields == ["phone"]
    report = _import(tmp_path, nom="Épicerie solidaire du centre", telephone="0472000002")
    assert report.updated == 1
    place.refresh_from_db()
    assert place.name == "Épicerie solidaire du centre"  # not edited here: follows the source
    assert place.phone == "04 78 00 00 99"  # edited here: kept
    assert place.source_proposals == {"phone": "0472000002"}
    again = _import(tmp_path, nom="Épicerie solidaire du centre", telephone="0472000002")
    assert again.unchanged == 1 and Place.objects.get().phone == "04 78 00 00 99"

    verified_login(client, editor)
    page = client.get(reverse("directory:place_edit", args=[place.pk])).content.decode()
    assert "La source de ce lieu propose d&#x27;autres informations" in page or "propose d'autres" in page
    assert "0472000002" in page and "04 78 00 00 99" in page
    response = client.post(
        reverse("directory:place_proposal", args=[place.pk]), {"champ": "phone", "decision": "accepter"}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.phone == "0472000002" and place.local_fields == [] and place.source_proposals == {}
    assert Entry.objects.filter(action="directory.source_proposal", details__accepted=True).exists()
    # the field follows the source again
    _import(tmp_path, nom="Épicerie solidaire du centre", telephone="0472000003")
    assert Place.objects.get().phone == "0472000003"


def test_refusing_keeps_relais_value_and_a_stale_proposal_says_so(tmp_path, editor, client):
    venissieux()
    _import(tmp_path)
    place = Place.objects.get()
    services.place_update(place=place, actor=editor, data={"email": "accueil@epicerie.fr"})
    _import(tmp_path, courriel="nouveau@epicerie.fr")
    verified_login(client, editor)
    url = reverse("directory:place_proposal", args=[place.pk])
    client.post(url, {"champ": "email", "decision": "refuser"})
    place.refresh_from_db()
    assert place.email == "accueil@epicerie.fr" and place.source_proposals == {} and place.local_fields == ["email"]
    response = client.post(url, {"champ": "email", "decision": "accepter"}, follow=True)
    assert "Cette proposition de la source n&#x27;existe plus" in response.content.decode() or (
        "Cette proposition de la source n'existe plus" in response.content.decode()
    )
