"""Whatever comes back on the callback URL (forged, truncated, replayed), the answer is a plain page, never a
server error, and nothing is created."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.accounts.models import User
from relais.identity.models import IdentityLink
from tests.identity.conftest import FC_CLAIMS, sign_in, start

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(provider=st.sampled_from(["franceconnect", "proconnect", "inconnu"]), state=TEXT, code=TEXT, error=TEXT)
def test_forged_callbacks_end_on_a_page_and_create_nothing(client, provider, state, code, error):
    params = {"state": state, "code": code}
    if error:
        params["error"] = error
    response = client.get(reverse("identity:callback", args=[provider]), params)
    assert response.status_code in (400, 404)
    assert not User.objects.exists() and not IdentityLink.objects.exists()


def test_an_unknown_key_id_makes_one_more_key_fetch_then_fails(client, tiny):
    tiny.faults.add("unknown_kid")
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert response.status_code == 400 and tiny.jwks_fetches == 2
    assert not User.objects.exists()


def test_a_state_of_one_provider_is_refused_on_the_other(client, tiny):
    query = start(client, "franceconnect")
    code = tiny.authorize(query, claims=FC_CLAIMS)
    response = client.get(reverse("identity:callback", args=["proconnect"]), {"state": query["state"][0], "code": code})
    assert response.status_code == 400 and not User.objects.exists()
