"""Issue #10, hole 2: the anonymous simulator is rate-limited per client, capped per process, cached."""

import json
import threading
import time

import pytest
from django.urls import reverse

from relais.policy.models import RateCounter
from relais.policy.throttle import RateLimited, throttle_check, throttle_forget, throttle_hit, throttle_purge
from relais.rights import engine, simulation
from relais.rights.household import household_from_answers
from tests.factories import PersonFactory
from tests.rights.factories import SINGLE_PARENT_ANSWERS

pytestmark = pytest.mark.django_db
URL = "/api/v1/rights/simulate"


def _body(**changes):
    body = {key: value for key, value in SINGLE_PARENT_ANSWERS.items() if key != "couple"}
    body.update(changes)
    return body


def _post(client, body, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def engine_not_ready(monkeypatch):
    calls = []

    def not_ready(household, period):
        calls.append(household)
        raise engine.EngineNotReady("en préparation")

    monkeypatch.setattr(engine, "simulate_one", not_ready)
    return calls


def test_api_answers_429_with_retry_after_and_a_french_message(client, commune_lyon, engine_not_ready, settings):
    settings.RIGHTS_SIMULATE_RATE = "2/60"
    assert _post(client, _body()).status_code == 503
    assert _post(client, _body(rent=400)).status_code == 503
    response = _post(client, _body(rent=300))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Trop de demandes en peu de temps" in response.json()["detail"]
    assert len(engine_not_ready) == 2  # the third call never reached the engine
    # Another address is not limited by the first one.
    assert _post(client, _body(rent=200), REMOTE_ADDR="10.0.0.9").status_code == 503


def test_a_logged_in_user_is_limited_whatever_the_address(client, commune_lyon, engine_not_ready, settings):
    settings.RIGHTS_SIMULATE_RATE = "2/60"
    person = PersonFactory()
    client.force_login(person.user)
    assert _post(client, _body(), REMOTE_ADDR="10.0.0.1").status_code == 503
    assert _post(client, _body(rent=1), REMOTE_ADDR="10.0.0.2").status_code == 503
    assert _post(client, _body(rent=2), REMOTE_ADDR="10.0.0.3").status_code == 429


def test_questionnaire_results_page_answers_a_dsfr_429(client, commune_lyon, engine_not_ready, settings):
    settings.RIGHTS_SIMULATE_RATE = "1/60"
    session = client.session
    session["rights_answers"] = dict(SINGLE_PARENT_ANSWERS)
    session.save()
    assert client.get(reverse("rights:results")).status_code == 200  # "calcul en préparation"
    response = client.get(reverse("rights:results"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    page = response.content.decode()
    assert "Trop de demandes" in page and "fr-alert" in page


def test_the_counter_is_one_row_per_client_and_window_shared_through_the_database(db):
    throttle_hit("test", ["ip:1.2.3.4"], rate="2/60", now=1000.0)
    throttle_hit("test", ["ip:1.2.3.4"], rate="2/60", now=1001.0)
    with pytest.raises(RateLimited) as refused:
        throttle_hit("test", ["ip:1.2.3.4"], rate="2/60", now=1010.0)
    assert refused.value.retry_after == 1020 - 1010  # the window is [960, 1020)
    assert RateCounter.objects.get(key="test:ip:1.2.3.4").count == 3
    throttle_hit("test", ["ip:1.2.3.4"], rate="2/60", now=1020.0)  # next window
    assert throttle_purge(now=1030.0) == 1  # the closed window is deleted
    assert RateCounter.objects.count() == 1


def test_a_client_over_the_limit_is_refused_before_any_database_work(
    client, commune_lyon, engine_not_ready, settings, django_assert_num_queries
):
    settings.RIGHTS_SIMULATE_RATE = "1/60"
    assert _post(client, _body()).status_code == 503
    assert _post(client, _body(rent=1)).status_code == 429  # the shared counter says so: remembered
    counted = RateCounter.objects.get(key="rights.simulate:ip:127.0.0.1").count
    with django_assert_num_queries(0):
        response = _post(client, _body(rent=2))
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert "Trop de demandes" in response.json()["detail"]
    assert RateCounter.objects.get(key="rights.simulate:ip:127.0.0.1").count == counted
    # The memory only repeats the database: a process that never saw this client refuses it as well.
    throttle_forget()
    assert _post(client, _body(rent=3)).status_code == 429
    assert len(engine_not_ready) == 1
    # Another client is not blocked by the first one's memory.
    assert _post(client, _body(rent=4), REMOTE_ADDR="10.0.0.9").status_code == 503


def test_the_memory_of_blocked_clients_ends_with_the_window(db):
    throttle_check("test", ["ip:5.6.7.8"], rate="1/60", now=1000.0)  # nothing known: no refusal
    throttle_hit("test", ["ip:5.6.7.8"], rate="1/60", now=1000.0)
    with pytest.raises(RateLimited):
        throttle_hit("test", ["ip:5.6.7.8"], rate="1/60", now=1001.0)
    with pytest.raises(RateLimited) as refused:
        throttle_check("test", ["ip:5.6.7.8"], rate="1/60", now=1005.0)
    assert refused.value.retry_after == 1020 - 1005
    throttle_check("test", ["ip:5.6.7.8"], rate="2/60", now=1005.0)  # another limit: its own memory
    throttle_check("test", ["ip:5.6.7.8"], rate="1/60", now=1020.0)  # the next window starts free
    throttle_hit("test", ["ip:5.6.7.8"], rate="1/60", now=1020.0)


def test_the_client_address_behind_a_trusted_proxy(rf, settings):
    from relais.policy.throttle import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "10.0.0.1"
    settings.RELAIS_TRUSTED_PROXIES = 1
    assert client_ip(request) == "198.51.100.7"  # the address the proxy saw, not the one the client wrote


def test_concurrent_simulations_are_capped_per_process(client, commune_lyon, monkeypatch, settings):
    settings.RIGHTS_SIMULATE_CONCURRENCY = 1
    started, release = threading.Event(), threading.Event()

    def slow(household, period):
        started.set()
        release.wait(10)
        raise engine.EngineNotReady("en préparation")

    monkeypatch.setattr(engine, "simulate_one", slow)
    household = household_from_answers(_body())
    errors = []

    def run():
        try:
            simulation.simulate_guarded(household, "2026-11")
        except engine.EngineNotReady as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert started.wait(5)
        begin = time.monotonic()
        response = _post(client, _body(rent=450, period="2026-11"))
        assert time.monotonic() - begin < 2  # answered at once, not queued behind the slow one
        assert response.status_code == 503
        assert response["Retry-After"] == str(simulation.BUSY_RETRY_AFTER)
        assert "très demandé" in response.json()["detail"]
    finally:
        release.set()
        thread.join(10)
    assert errors and simulation.slots.running == 0
    # Once the slot is free, a simulation runs again (reaches the engine).
    monkeypatch.setattr(engine, "simulate_one", lambda h, p: (_ for _ in ()).throw(engine.EngineNotReady("x")))
    assert "en préparation" in _post(client, _body(rent=450)).json()["detail"]


class FakeResult:
    pass


def test_identical_answers_come_from_the_cache_without_the_engine(monkeypatch, settings):
    calls = []

    def fake(household, period):
        calls.append((household, period))
        return FakeResult()

    monkeypatch.setattr(engine, "simulate_one", fake)
    monkeypatch.setattr(engine, "rules_date", lambda: "2026-10-01")
    first = simulation.simulate_guarded(household_from_answers(_body()), "2026-11")
    # Same household written differently (800 vs 800.0, keys in another order): same result, no engine call.
    same = dict(reversed(list(_body(rent=500.0).items())))
    assert simulation.simulate_guarded(household_from_answers(same), "2026-11") is first
    assert len(calls) == 1
    # Another month or another household is computed.
    assert simulation.simulate_guarded(household_from_answers(_body()), "2026-10") is not first
    assert simulation.simulate_guarded(household_from_answers(_body(rent=501)), "2026-11") is not first
    assert len(calls) == 3
    # New rules: the cache is emptied.
    monkeypatch.setattr(engine, "rules_date", lambda: "2027-01-01")
    assert simulation.simulate_guarded(household_from_answers(_body()), "2026-11") is not first
    assert len(calls) == 4


def test_the_cache_is_bounded(monkeypatch, settings):
    settings.RIGHTS_SIMULATE_CACHE_SIZE = 3
    monkeypatch.setattr(engine, "simulate_one", lambda household, period: FakeResult())
    for rent in range(10):
        simulation.simulate_guarded(household_from_answers(_body(rent=rent)), "2026-11")
    assert len(simulation.cache) == 3


def test_api_cache_hit_returns_the_same_answer(client, commune_lyon, rights_engine, monkeypatch):
    first = _post(client, _body(period="2026-11"))
    assert first.status_code == 200
    monkeypatch.setattr(engine, "simulate_one", lambda *args: pytest.fail("the engine was called again"))
    second = _post(client, _body(period="2026-11"))
    assert second.status_code == 200 and second.json() == first.json()


def test_questionnaire_steps_are_rate_limited_and_keep_what_was_typed(client, settings):
    settings.RIGHTS_QUESTIONNAIRE_RATE = "2/60"
    client.post(reverse("rights:start"))
    step = reverse("rights:step", kwargs={"name": "foyer"})
    assert client.post(step, {"situation": "seul"}).status_code == 302
    age = reverse("rights:step", kwargs={"name": "age"})
    assert client.post(age, {"age_0": "50"}).status_code == 302
    response = client.post(age, {"age_0": "47"})
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "Trop de demandes en peu de temps" in page
    assert 'value="47"' in page  # what the person typed is still in the form
    assert client.session["rights_answers"]["adults"][0]["age"] == 50  # not saved over the limit
    # Another address answers freely.
    assert client.post(age, {"age_0": "47"}, REMOTE_ADDR="10.0.0.9").status_code == 302
