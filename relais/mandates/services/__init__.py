"""Writes on mandates, person records and accompaniment sessions.

Every function is one transaction, asks the policy, and journals with the mandate. State changes
go through `relais.mandates.states.mandate_transition` only. One module per subject; callers use
`from relais.mandates import services` and `services.<name>` (re-exported here)."""

from relais.mandates.services.accompaniments import accompaniment_record
from relais.mandates.services.acting import (
    acting_domain_switch,
    acting_record,
    acting_start,
    person_view_record,
    persons_list_record,
)
from relais.mandates.services.common import ATTESTATION_MAX_BYTES, ATTESTATION_TYPES, CLAIM_CODE_ALPHABET
from relais.mandates.services.consent import (
    CodeCheck,
    check_attestation_file,
    mandate_abandon,
    mandate_attestation_upload,
    mandate_confirm,
    mandate_consent_by_account,
    mandate_sms_code_send,
    mandate_sms_code_verify,
    verify_helper_totp,
)
from relais.mandates.services.lifecycle import (
    FingerprintCheck,
    authorisation_revoke,
    mandate_fingerprint_check,
    mandate_revoke,
    mandate_revoke_by_organisation,
    mandates_expire,
    mandates_expiry_reminders,
)
from relais.mandates.services.mandate_request import consent_text_current, mandate_request_create
from relais.mandates.services.person_records import (
    person_claim_code_renew,
    person_record_claim,
    person_record_create,
)

__all__ = [
    "ATTESTATION_MAX_BYTES",
    "ATTESTATION_TYPES",
    "CLAIM_CODE_ALPHABET",
    "CodeCheck",
    "FingerprintCheck",
    "accompaniment_record",
    "acting_domain_switch",
    "acting_record",
    "acting_start",
    "authorisation_revoke",
    "check_attestation_file",
    "consent_text_current",
    "mandate_abandon",
    "mandate_attestation_upload",
    "mandate_confirm",
    "mandate_consent_by_account",
    "mandate_fingerprint_check",
    "mandate_request_create",
    "mandate_revoke",
    "mandate_revoke_by_organisation",
    "mandate_sms_code_send",
    "mandate_sms_code_verify",
    "mandates_expire",
    "mandates_expiry_reminders",
    "person_claim_code_renew",
    "person_record_claim",
    "person_record_create",
    "person_view_record",
    "persons_list_record",
    "verify_helper_totp",
]
