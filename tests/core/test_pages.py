import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["www:home", "www:legal", "www:privacy", "www:accessibility", "www:sitemap", "accounts:login", "accounts:signup"])
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
