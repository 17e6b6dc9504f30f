"""Issue #10, hole 8: partner tokens are created, listed and revoked by a command and by managers' screen."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from relais.journal.models import Entry
from relais.organisations.models import ApiToken, MemberRole
from relais.organisations.services import hash_token
from tests.factories import MembershipFactory, OrganisationFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


def _command(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_command_creates_lists_and_revokes(client):
    org = OrganisationFactory(name="CAF du Rhône", siret="")
    out = _command("create", "--organisation", str(org.pk), "--name", "SI CAF", "--scope", "dossiers:read")
    clear = out.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert clear.startswith("rl_") and token.token_hash == hash_token(clear) and clear not in token.token_hash
    assert token.scopes == ["dossiers:read"]
    assert client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200
    listing = _command("list", "--organisation", "CAF du Rhône")
    assert "SI CAF" in listing and "dossiers:read" in listing and "actif" in listing and clear not in listing
    assert "dernier usage 20" in listing  # the use above is shown
    _command("revoke", str(token.pk))
    assert client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401
    assert "révoqué" in _command("list")
    with pytest.raises(CommandError):
        _command("create", "--organisation", "nulle part", "--name", "x")


def _manager(client, org):
    user = MembershipFactory(organisation=org, role=MemberRole.MANAGER).user
    add_totp(user)
    verified_login(client, user)
    return user


def test_a_manager_creates_a_token_shown_once_and_revokes_it(client):
    org = OrganisationFactory(name="CCAS de Test")
    manager = _manager(client, org)
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "Logiciel d'accueil", "scopes": ["dossiers:prefill"]})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    clear = page.split("data-token>", 1)[1].split("<", 1)[0]
    token = ApiToken.objects.get(organisation=org)
    assert token.token_hash == hash_token(clear) and token.scopes == ["dossiers:prefill"]
    assert clear not in client.get(url).content.decode()  # shown once
    assert Entry.objects.filter(action="organisation.api_token_created", actor_id=manager.pk).exists()
    client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert "jamais" not in client.get(url).content.decode()  # the last use is shown
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Entry.objects.filter(action="organisation.api_token_revoked").exists()
    assert client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_a_manager_cannot_revoke_another_organisation_s_token(client):
    _manager(client, OrganisationFactory())
    other = ApiToken.objects.create(organisation=OrganisationFactory(), name="x", token_hash="0" * 64)
    assert client.post(reverse("accounts:api_token_revoke", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_a_token_needs_a_scope(client):
    _manager(client, OrganisationFactory())
    response = client.post(reverse("accounts:api_tokens"), {"name": "x"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
