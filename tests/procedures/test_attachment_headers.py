"""Issue #10, hole 1: a file's name never breaks or forges the download header (person's and agent's side)."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from relais.core.downloads import clean_name
from relais.documents import services as document_services
from relais.procedures import services
from relais.procedures.models import Attachment
from relais.www.documents.forms import DocumentInfoForm
from tests.documents.factories import add_document
from tests.factories import verified_login
from tests.procedures.factories import agent_of
from tests.procedures.test_services import fill

pytestmark = pytest.mark.django_db

CRLF = "a\r\nX-Injected: 1"
QUOTE = 'x"; filename=evil'
EMOJI = "Quittance 🏠 été"
TITLES = [CRLF, QUOTE, EMOJI]


def _assert_safe(response, *, expected_name: str):
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert not response.has_header("X-Injected")
    header.encode("ascii")  # no RFC 2047 "=?utf-8?b?…?=" encoded word, which browsers reject here
    assert "=?" not in header
    assert header.startswith("inline; ")
    # exactly one file-name parameter, whatever the quotes inside the name
    parameters = re.findall(r'(?:^|;\s*)(filename\*?)=("(?:[^"\\]|\\.)*"|[^;]*)', header)
    assert [name for name, _value in parameters] in (["filename"], ["filename*"])
    name, value = parameters[0]
    if name == "filename":
        shown = re.sub(r"\\(.)", r"\1", value[1:-1])
    else:
        assert value.startswith("utf-8''")
        shown = unquote(value[len("utf-8''") :])
    assert shown == expected_name


def _dossier_with_document(procedure, owner, title):
    document = add_document(owner, title=title)
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user, with_file=False)
    attachment = services.attachment_from_document(
        dossier=dossier, actor=owner.user, field_key="piece", document_id=document.pk, revision=dossier.revision
    )
    dossier.refresh_from_db()
    return services.dossier_submit(dossier=dossier, actor=owner.user), attachment


@pytest.mark.parametrize("title", TITLES, ids=["crlf", "quote", "emoji"])
def test_document_title_in_attachment_download_person_and_agent(client, procedure, owner, title):
    dossier, attachment = _dossier_with_document(procedure, owner, title)
    expected = f"{clean_name(title)}.jpg"
    assert attachment.original_name == expected and "\r" not in attachment.original_name
    url = reverse("procedures:attachment", args=[attachment.pk])
    client.force_login(owner.user)
    _assert_safe(client.get(url), expected_name=expected)
    client.logout()
    verified_login(client, agent_of(procedure.organisation))
    _assert_safe(client.get(url), expected_name=expected)


@pytest.mark.parametrize("title", TITLES, ids=["crlf", "quote", "emoji"])
def test_a_name_stored_before_the_fix_is_still_served_safely(client, procedure, owner, title):
    """Rows written before names were cleaned at input: the header cleans them again."""
    dossier, attachment = _dossier_with_document(procedure, owner, "ok")
    Attachment.objects.filter(pk=attachment.pk).update(original_name=f"{title}.jpg")
    url = reverse("procedures:attachment", args=[attachment.pk])
    client.force_login(owner.user)
    _assert_safe(client.get(url), expected_name=f"{clean_name(title)}.jpg")
    client.logout()
    verified_login(client, agent_of(procedure.organisation))
    _assert_safe(client.get(url), expected_name=f"{clean_name(title)}.jpg")


def test_titles_lose_control_characters_at_input(owner):
    document = add_document(owner, title="Avis\u202egpj.exe\x00\t 2025\r\n")
    assert document.title == "Avis gpj.exe 2025"
    document_services.document_update(document=document, actor=owner.user, doc_type=document.doc_type, title="a\nb")
    assert document.title == "a b"
    form = DocumentInfoForm({"doc_type": document.doc_type, "title": CRLF})
    assert form.is_valid() and form.cleaned_data["title"] == "a X-Injected: 1"
    assert clean_name("👨‍👩‍👧 famille") == "👨‍👩‍👧 famille"  # the joiner inside an emoji stays
