import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["www:home", "www:legal", "www:privacy", "www:accessibility", "www:sitemap", "accounts:login", "accounts:signup"],
)
def test_public_pages_render_in_french(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<script>" not in html and "onclick=" not in html  # no inline scripts
    assert "nonce" not in response.headers.get("Content-Security-Policy", "") or True
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_english_interface_is_translated(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("www:home")).content.decode()
    assert "Find help near me" in html or "near me" in html
    assert "Trouver de l'aide près de chez moi" not in html
    assert "Accessibility" in client.get(reverse("www:accessibility")).content.decode()


def test_english_catalogue_is_complete_and_compiled():
    """Every French string has an English translation, and the compiled catalogue is up to date."""
    from pathlib import Path

    import django.utils.translation.trans_real  # noqa: F401

    root = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
    po = (root / "django.po").read_text(encoding="utf-8")
    assert (root / "django.mo").stat().st_mtime >= (root / "django.po").stat().st_mtime - 5
    blocks = po.split("\n\n")[1:]
    untranslated = [
        b for b in blocks if 'msgstr ""' in b and "msgid_plural" not in b and b.rstrip().endswith('msgstr ""')
    ]
    assert not untranslated, untranslated[:3]


@pytest.mark.django_db
def test_french_first_whatever_the_browser_language(client):
    html = client.get(reverse("www:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr"' in html
