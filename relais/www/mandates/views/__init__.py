"""Screens of mandates: helper space, consent with the person present, acting for a person, the
person's own view (see who did what, revoke), person records without account, accompaniment.

One module per sub-flow; `relais.www.mandates.urls` reaches every view as `views.<name>`."""

from relais.www.mandates.views.acting import acting_home, acting_procedure, acting_start, acting_stop, acting_switch
from relais.www.mandates.views.consent import (
    abandon,
    attestation,
    attestation_qr,
    attestation_upload,
    confirm,
    consent,
    mandate_detail,
    mandate_new,
    mandate_renew,
    sms_send,
    sms_verify,
)
from relais.www.mandates.views.helper import (
    accompaniment_export,
    accompaniment_list,
    accompaniment_new,
    accompaniment_stats,
    helper_home,
)
from relais.www.mandates.views.person_side import (
    person_consent,
    person_consent_text,
    person_mandates,
    person_revoke,
)
from relais.www.mandates.views.persons import claim, person_claim_code, person_create, person_find
from relais.www.mandates.views.revocation import mandate_revoke, revocation_attestation

__all__ = [
    "abandon",
    "accompaniment_export",
    "accompaniment_list",
    "accompaniment_new",
    "accompaniment_stats",
    "acting_home",
    "acting_procedure",
    "acting_start",
    "acting_stop",
    "acting_switch",
    "attestation",
    "attestation_qr",
    "attestation_upload",
    "claim",
    "confirm",
    "consent",
    "helper_home",
    "mandate_detail",
    "mandate_new",
    "mandate_renew",
    "mandate_revoke",
    "person_claim_code",
    "person_consent",
    "person_consent_text",
    "person_create",
    "person_find",
    "person_mandates",
    "person_revoke",
    "revocation_attestation",
    "sms_send",
    "sms_verify",
]
