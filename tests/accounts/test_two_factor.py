import base64
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, MembershipFactory, PersonFactory, add_totp, totp_now, verified_login

pytestmark = pytest.mark.django_db


def _login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.mark.parametrize("page", ["www:dashboard", "www:organisation", "www:coordination"])
def test_professional_without_verified_totp_is_redirected(client, helper_user, page):
    _login(client, helper_user)
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_sensitive_account_pages_also_require_the_second_factor(client, helper_user):
    _login(client, helper_user)
    for name in ["accounts:profile", "accounts:export", "accounts:delete", "accounts:two_factor_backup"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor")), name


def test_person_is_not_asked_for_a_second_factor(client, person):
    _login(client, person.user)
    assert client.get(reverse("www:dashboard")).status_code == 200


def test_verify_with_totp_then_professional_pages_open(client, helper_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _login(client, helper_user)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000", "next": "/mon-espace/"})
    assert "Ce code n&#x27;est pas le bon" in response.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(), "next": "/mon-espace/"})
    assert response.status_code == 302 and response.url == "/mon-espace/"
    assert client.get(reverse("www:dashboard")).status_code == 200


def test_verify_refuses_a_foreign_next_url(client, helper_user):
    _login(client, helper_user)
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(), "next": "https://evil.example/"})
    assert response.url == reverse("www:dashboard")


def test_one_wrong_code_is_not_a_pause(client, helper_user):
    """Issue #10: one typo answered « Trop d'essais… attendez une minute »; the next right code now passes."""
    _login(client, helper_user)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "Ce code n&#x27;est pas le bon" in response.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(), "next": "/mon-espace/"})
    assert response.status_code == 302 and response.url == "/mon-espace/"


def test_wrong_codes_in_a_row_are_paused_then_allowed_again(client, helper_user, settings):
    settings.RELAIS_TOTP_FAILURE_LIMIT = 5
    settings.RELAIS_TOTP_FAILURE_WINDOW = 300
    _login(client, helper_user)
    for attempt in range(4):
        response = client.post(reverse("accounts:two_factor"), {"token": f"00000{attempt}"})
        assert "Ce code n&#x27;est pas le bon" in response.content.decode(), attempt
    response = client.post(reverse("accounts:two_factor"), {"token": "000009"})
    assert "Trop d&#x27;essais à la suite. Attendez 5 minutes" in response.content.decode()
    # even the right code waits for the end of the pause
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now()})
    assert "Trop d&#x27;essais à la suite" in response.content.decode()
    assert client.get(reverse("www:dashboard")).status_code == 302
    # five minutes later the count starts again
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=helper_user).update(
            throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=6)
        )
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(), "next": "/mon-espace/"})
    assert response.status_code == 302 and response.url == "/mon-espace/"
    assert TOTPDevice.objects.get(user=helper_user).throttling_failure_count == 0


def test_professional_without_device_is_sent_to_setup_and_enrols(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = MembershipFactory().user
    _login(client, user)
    response = client.get(reverse("www:dashboard"))
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_setup"))
    response = client.get(response.url)
    html = response.content.decode()
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r'<code class="relais-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    assert 'src="data:image/svg+xml' in html
    assert "style=" not in html.split("<main", 1)[1]
    # A wrong first code is refused, nothing confirmed.
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert "Ce code n&#x27;est pas le bon" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # The right code confirms the device, passes the second factor and shows backup codes once.
    response = client.post(
        reverse("accounts:two_factor_setup") + "?next=/mon-espace/",
        {"token": _code_for(device), "next": "/mon-espace/"},
    )
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_backup"))
    device.refresh_from_db()
    assert device.confirmed
    response = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert 'href="/mon-espace/"' in response.content.decode()
    second = client.get(reverse("accounts:two_factor_backup")).content.decode()
    assert not re.findall(r"<li><code>", second)  # shown once
    assert client.get(reverse("www:dashboard")).status_code == 200


def test_backup_code_passes_the_second_factor_once(client):
    user = MembershipFactory().user
    add_totp(user)
    from relais.accounts.services import backup_codes_regenerate

    codes = backup_codes_regenerate(user=user)
    _login(client, user)
    response = client.post(reverse("accounts:two_factor"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("www:dashboard")).status_code == 200
    client.post(reverse("accounts:logout"))
    _login(client, user)
    response = client.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert response.status_code == 200  # already used


def test_setup_cannot_bypass_an_existing_device(client, helper_user):
    _login(client, helper_user)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    assert not TOTPDevice.objects.filter(user=helper_user, confirmed=False).exists()


def test_verified_professional_can_replace_the_device(client, helper_user):
    verified_login(client, helper_user)
    old = TOTPDevice.objects.get(user=helper_user)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert "Vous changez de téléphone" in response.content.decode()
    new = TOTPDevice.objects.get(user=helper_user, confirmed=False)
    new.key = "00" * 20  # a key whose code differs from the old device's
    new.save()
    client.post(reverse("accounts:two_factor_setup"), {"token": _code_for(new)})
    assert list(TOTPDevice.objects.filter(user=helper_user).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_backup_codes_can_be_regenerated(client, helper_user):
    verified_login(client, helper_user)
    from relais.accounts.services import backup_codes_regenerate

    old = set(backup_codes_regenerate(user=helper_user))
    response = client.post(reverse("accounts:two_factor_backup"))
    assert response.status_code == 302
    page = client.get(reverse("accounts:two_factor_backup")).content.decode()
    new = set(re.findall(r"<li><code>([a-z2-7]+)</code></li>", page))
    assert len(new) == 10 and not (new & old)
    assert StaticToken.objects.filter(device__user=helper_user).count() == 10


def test_a_person_may_enrol_voluntarily(client):
    person = PersonFactory()
    client.force_login(person.user)
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200


def test_setup_codes_are_limited_like_login_codes_and_the_page_stays(client, settings):
    settings.RELAIS_TOTP_FAILURE_LIMIT = 2
    user = MembershipFactory().user
    _login(client, user)
    url = reverse("accounts:two_factor_setup")
    client.get(url)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    for wrong in ("111111", "222222"):
        assert "Ce code n&#x27;est pas le bon" in client.post(url, {"token": wrong}).content.decode()
    response = client.post(url, {"token": _code_for(device)})  # even the right code waits now
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "Trop de demandes en peu de temps" in html and '<code class="relais-secret">' in html
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
