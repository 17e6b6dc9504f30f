"""The journal matrix: for every named GET route, whether it shows a person's data to a professional.

Read by tests/authz/test_journal_matrix.py, which walks each route with every professional role the
authorization matrix (tests/authz/matrix_*.py) lets in, with the same setup, and counts the journal:

- SHOWS: the page shows a person's data (a name in a list, answers, an attestation…): exactly one
  journal entry per request, of an action declared with `person_data_access=True`;
- NOTHING: nothing about a person (the professional's own account, public pages, counts, the
  professional's own tools): no `person_data_access` entry;
- OWN_ONLY: no professional reaches the page (the authorization matrix lets only the person, or
  visitors, in): checked against the authorization matrix.

A spec is one of these values (for every professional role allowed), or a dict like the
authorization matrix's: `"default"` and per-role values, and optionally
- `"acting"`: the expectation for the helper acting for the route's person under a mandate (the
  person of the authorization setup, `ctx["person"]`; the acting session is added to the request);
- `"setup"`: a setup replacing the authorization matrix's one when that one shows nobody (an empty
  list): the walk must see the data the page shows in real use;
- `"query"`: a query string added to the URL (a search with results).

A new GET route without an entry here fails the test: say what it shows to professionals."""

from __future__ import annotations

from tests.authz import matrix_appointments, matrix_feedback, matrix_mandates, matrix_procedures

SHOWS = "shows a person's data"
NOTHING = "nothing about a person"
OWN_ONLY = "no professional reaches it"


# --- Setups showing what the pages show in real use (the authorization ones may show nobody) -------


def _submitted_dossier(ctx):
    from django.utils import timezone

    from relais.procedures.models import Dossier

    dossier = matrix_procedures._dossier(ctx)
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=timezone.now())
    return dossier


def _list_with_a_dossier(ctx):
    return {"procedure_id": _submitted_dossier(ctx).procedure_id}


def _followed_with_a_dossier(ctx):
    """A person followed under a mandate, with a dossier waiting for the administration (the worklist shows them)."""
    matrix_mandates._active(ctx)
    _submitted_dossier(ctx)
    return {}


def _with_a_followed_person(ctx):
    matrix_mandates._active(ctx)
    return {}


def _with_a_person_record(ctx):
    matrix_mandates._record(ctx)  # Yvette Roux, created by the helper's organisation
    return {}


def _accompaniment(ctx):
    import datetime as dt

    from relais.mandates import services

    services.accompaniment_record(
        actor=ctx["users"]["helper"],
        organisation=ctx["organisations"]["helper"],
        happened_on=dt.date.today() - dt.timedelta(days=1),
        duration_minutes=30,
        themes=["social"],
        outcome="done",
        person=ctx["person"],
    )
    return {}


def _batch_with_rows(ctx):
    from relais.rights import take_up
    from relais.rights.models import BatchRun

    person = ctx["person"]
    row = {
        "person_id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": "",
        "benefit": "ppa",
        "label": "Prime d'activité",
        "amount": 120,
    }
    batch = BatchRun.objects.create(
        organisation=ctx["organisations"]["helper"], period="2026-11", status="done", rows=[row]
    )
    take_up.unclaimed_sync(batch=batch)  # the rows the page lists (states kept across batches)
    return {"batch_id": batch.pk}


JOURNAL = {
    # --- identity: sign-in with FranceConnect / ProConnect, the demonstration provider ------------------
    "identity:callback": NOTHING,  # an unknown state: the error page
    "identity:link_confirm": NOTHING,  # one's own pending identity
    "identity:organisation_offer": NOTHING,  # the organisations of one's own SIRET
    "identity:fake_discovery": NOTHING,
    "identity:fake_jwks": NOTHING,
    "identity:fake_authorize": NOTHING,
    "identity:fake_userinfo": OWN_ONLY,  # 401 without a bearer token: nobody browses it
    "identity:fake_session_end": NOTHING,
    # --- accounts: the user's own account -------------------------------------------------------
    "accounts:delete": NOTHING,
    "accounts:export": NOTHING,  # a professional exports their own account
    "accounts:export_summary": NOTHING,  # the same, as a page to print
    "accounts:api_tokens": NOTHING,  # a manager's list of the organisation's partner tokens
    "accounts:login": NOTHING,
    "accounts:password_change": NOTHING,
    "accounts:password_change_done": NOTHING,
    "accounts:password_reset": NOTHING,
    "accounts:password_reset_complete": NOTHING,
    "accounts:password_reset_confirm": NOTHING,
    "accounts:password_reset_done": NOTHING,
    "accounts:profile": NOTHING,
    "accounts:signup": NOTHING,
    "accounts:two_factor": NOTHING,
    "accounts:two_factor_backup": NOTHING,
    "accounts:two_factor_setup": NOTHING,
    "accounts:verify_email": NOTHING,
    # --- escalations: the thread shows the person; the public statistics and the teams show nobody ---
    "escalations:inbox": {"default": SHOWS, "manager": NOTHING},  # the manager's structure was never invited
    "escalations:new": SHOWS,
    "escalations:detail": SHOWS,
    "escalations:close": SHOWS,
    "escalations:attachment": SHOWS,
    "escalations:mine": OWN_ONLY,
    "escalations:stats": NOTHING,
    "escalations:stats_csv": NOTHING,
    "escalations:teams": NOTHING,
    "escalations:team_new": NOTHING,
    "escalations:team_edit": NOTHING,
    # --- directory: places and services (professionals' names in the history, no person) ---------
    "directory:my_places": NOTHING,
    "directory:place": NOTHING,
    "directory:place_create": NOTHING,
    "directory:place_edit": NOTHING,
    "directory:place_history": NOTHING,
    "directory:place_print": NOTHING,
    "directory:place_report": NOTHING,
    "directory:search": NOTHING,
    "directory:service_add": NOTHING,
    "directory:service_edit": NOTHING,
    # --- documents: the person's own safe -------------------------------------------------------
    "documents:access_log": OWN_ONLY,
    "documents:delete": OWN_ONLY,
    "documents:detail": OWN_ONLY,
    "documents:download": OWN_ONLY,
    "documents:edit": OWN_ONLY,
    "documents:pending": OWN_ONLY,
    "documents:pending_file": OWN_ONLY,
    "documents:pending_preview": OWN_ONLY,
    "documents:preview": OWN_ONLY,
    "documents:safe": OWN_ONLY,
    "documents:upload": OWN_ONLY,
    # --- mandates -------------------------------------------------------------------------------
    "mandates:accompaniment_export": NOTHING,  # counts by month and theme
    "mandates:accompaniment_stats": NOTHING,
    # the manager belongs to another organisation in the matrix: its list names nobody
    "mandates:accompaniment_list": {"setup": _accompaniment, "default": SHOWS, "manager": NOTHING},
    "mandates:accompaniment_new": {"setup": _with_a_followed_person, "default": SHOWS, "manager": NOTHING},
    "mandates:acting_home": {"default": SHOWS, "manager": NOTHING},  # the manager is sent to choose a person
    "mandates:acting_start": {"setup": _with_a_followed_person, "default": SHOWS, "manager": NOTHING},
    "mandates:attestation": SHOWS,
    "mandates:attestation_qr": NOTHING,  # the mandate's fingerprint only
    "mandates:claim": OWN_ONLY,
    "mandates:consent": SHOWS,
    "mandates:helper_home": {"setup": _with_a_followed_person, "default": SHOWS, "manager": NOTHING},
    "persons:worklist": {"setup": _followed_with_a_dossier, "default": SHOWS, "manager": NOTHING},
    "mandates:mandate_detail": SHOWS,
    "mandates:mandate_new": SHOWS,
    "mandates:mandate_renew": NOTHING,  # a redirection to mandate_new
    "mandates:mandate_revoke": SHOWS,  # the mandate's summary (name, birth date) before withdrawing it
    "mandates:revocation_attestation": SHOWS,
    "mandates:person_consent_text": OWN_ONLY,
    "mandates:person_create": NOTHING,
    # every search is journaled, even when it finds nobody (the manager's organisation has no record)
    "mandates:person_find": {"setup": _with_a_person_record, "query": "query=Roux", "default": SHOWS},
    "mandates:person_mandates": OWN_ONLY,
    # --- persons: the search, the file and follow-ups (one entry per page, what was shown in its details)
    "persons:search": {"setup": _with_a_person_record, "query": "query=Roux", "default": SHOWS},
    "persons:file": SHOWS,
    "persons:follow_up_detail": SHOWS,
    "persons:follow_up_new": SHOWS,
    "persons:follow_up_sheet": SHOWS,
    "persons:my_follow_ups": OWN_ONLY,
    # --- procedures -----------------------------------------------------------------------------
    "procedures:attachment": {"default": SHOWS, "acting": SHOWS},
    "procedures:backoffice_dossier": SHOWS,
    "procedures:backoffice_export": {"setup": _list_with_a_dossier, "default": SHOWS},
    "procedures:backoffice_home": NOTHING,  # counts per procedure
    "procedures:backoffice_list": {"setup": _list_with_a_dossier, "default": SHOWS},
    "procedures:builder": NOTHING,
    "procedures:builder_create": NOTHING,
    "procedures:builder_export": NOTHING,
    "procedures:builder_field": NOTHING,
    "procedures:catalogue": NOTHING,
    "procedures:claim": NOTHING,  # the page asking to take the dossier, without its content
    "procedures:detail": NOTHING,
    # the agent is sent to the back-office page (which journals the read)
    "procedures:dossier": {"default": NOTHING, "acting": SHOWS},
    "procedures:dossier_page": {"default": OWN_ONLY, "acting": SHOWS},
    "procedures:dossier_review": {"default": OWN_ONLY, "acting": SHOWS},
    "procedures:glossary": NOTHING,
    "procedures:glossary_manage": NOTHING,
    "procedures:glossary_term_edit": NOTHING,
    "procedures:my_dossiers": OWN_ONLY,
    "procedures:profile": OWN_ONLY,
    # --- referrals (« orientations »): every reading of a referral is one entry (the service's too) ---
    "referrals:home": NOTHING,  # a redirect to the user's own referrals
    "referrals:new": SHOWS,  # the persons followed, to choose whom to refer
    "referrals:settings": NOTHING,
    # --- observatory: figures per commune and département, no person ----------------------------
    "observatory:national": NOTHING,
    "observatory:departement": NOTHING,
    "observatory:commune": NOTHING,
    "observatory:dashboard": NOTHING,  # aggregates only (counts per organisation), no person named
    "observatory:export_csv": NOTHING,
    "observatory:export_geojson": NOTHING,
    "referrals:sent": SHOWS,
    "referrals:sent_detail": SHOWS,
    "referrals:inbox": SHOWS,
    "referrals:inbox_detail": SHOWS,
    "referrals:inbox_attachment": SHOWS,
    "referrals:mine": OWN_ONLY,
    "referrals:link": SHOWS,  # whoever holds the link: journaled as the receiving service's access
    "referrals:link_attachment": SHOWS,
    # --- rights ---------------------------------------------------------------------------------
    "rights:batch_csv": SHOWS,
    "rights:batch_detail": {"setup": _batch_with_rows, "default": SHOWS},
    "rights:batch_home": NOTHING,  # counts (and the take-up figures for managers)
    "rights:take_up_csv": SHOWS,  # the rows worked through, with the persons' names
    "rights:for_person": SHOWS,
    "rights:results": NOTHING,  # the anonymous simulator, no person chosen
    "rights:start": NOTHING,
    "rights:step": NOTHING,
    # --- territory and site pages ---------------------------------------------------------------
    "territory:lookup": NOTHING,
    "territory:suggest": NOTHING,
    "www:accessibility": NOTHING,
    "www:coordination": NOTHING,  # figures per territory
    "www:dashboard": NOTHING,
    "www:home": NOTHING,
    "www:legal": NOTHING,
    "www:organisation": NOTHING,  # the organisation's members (professionals)
    "www:privacy": NOTHING,
    "www:sitemap": NOTHING,
}

# Appointments declare theirs next to their authorization matrix (tests/authz/matrix_appointments.py).
_WORDS = {"nothing": NOTHING, "shows": SHOWS, "own": OWN_ONLY}
JOURNAL.update(
    {
        route: {k: _WORDS.get(v, v) for k, v in spec.items()} if isinstance(spec, dict) else _WORDS[spec]
        for route, spec in matrix_appointments.JOURNAL.items()
    }
)
# Feedback too (tests/authz/matrix_feedback.py).
JOURNAL.update({route: _WORDS[spec] for route, spec in matrix_feedback.JOURNAL.items()})
