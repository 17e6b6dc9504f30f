"""Every write on procedures and dossiers, one module per concern. Keyword-only arguments; permission
asked to the policy. Callers keep `from relais.procedures import services` and `services.<name>`:

- `common`: StaleDossier, NotReady, hash_token;      - `glossary`: the glossary of words;
- `builder`: procedures, versions and their fields;   - `import_export`: a procedure as a JSON file;
- `drafts`: starting a dossier, saving its pages;     - `attachments`: files of a dossier;
- `lifecycle`: sending a dossier;                     - `backoffice`: decisions, assignment, read journal;
- `messages`: messages on a dossier;                  - `profile`: tell us once;
- `prefill`: partner prefill and claim by token."""

from relais.procedures.services.attachments import (
    attachment_from_document,
    attachment_remove,
    process_field_files,
    store_attachment,
)
from relais.procedures.services.backoffice import (
    dossier_assign,
    dossier_decide,
    dossier_record_read,
    dossiers_export_record,
    dossiers_list_record,
)
from relais.procedures.services.builder import (
    PROCEDURE_EDITABLE,
    draft_version_of,
    field_ids,
    procedure_create,
    procedure_update,
    version_draft,
    version_field_add,
    version_field_move,
    version_field_remove,
    version_field_replace,
    version_publish,
    version_set_fields,
)
from relais.procedures.services.common import MESSAGE_MAX_BYTES, NotReady, StaleDossier, hash_token
from relais.procedures.services.drafts import SaveResult, dossier_save_page, dossier_start, page_of_key
from relais.procedures.services.glossary import glossary_term_save
from relais.procedures.services.import_export import procedure_export, procedure_import
from relais.procedures.services.lifecycle import dossier_submit, submission_problems
from relais.procedures.services.messages import message_post
from relais.procedures.services.prefill import PartnerNotAllowed, dossier_claim, dossier_create_prefilled
from relais.procedures.services.profile import profile_save, profile_suggestions, profile_update_from_dossier

__all__ = [
    "MESSAGE_MAX_BYTES",
    "PROCEDURE_EDITABLE",
    "NotReady",
    "SaveResult",
    "StaleDossier",
    "attachment_from_document",
    "attachment_remove",
    "dossier_assign",
    "dossier_claim",
    "dossier_create_prefilled",
    "PartnerNotAllowed",
    "dossier_decide",
    "dossier_record_read",
    "dossier_save_page",
    "dossier_start",
    "dossier_submit",
    "dossiers_export_record",
    "dossiers_list_record",
    "draft_version_of",
    "field_ids",
    "glossary_term_save",
    "hash_token",
    "message_post",
    "page_of_key",
    "procedure_create",
    "procedure_export",
    "procedure_import",
    "procedure_update",
    "process_field_files",
    "profile_save",
    "profile_suggestions",
    "profile_update_from_dossier",
    "store_attachment",
    "submission_problems",
    "version_draft",
    "version_field_add",
    "version_field_move",
    "version_field_remove",
    "version_field_replace",
    "version_publish",
    "version_set_fields",
]
