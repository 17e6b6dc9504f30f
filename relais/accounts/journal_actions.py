"""Journal actions of accounts (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import ACCOUNT, declare

declare("account.signup", category=ACCOUNT, sentence=_("%(actor)s a créé son compte"))
declare("account.email_verified", category=ACCOUNT, sentence=_("%(actor)s a vérifié son adresse électronique"))
declare("account.profile_updated", category=ACCOUNT, sentence=_("%(actor)s a modifié ses informations"))
declare("account.totp_enrolled", category=ACCOUNT, sentence=_("%(actor)s a activé la double authentification"))
declare("account.backup_codes_regenerated", category=ACCOUNT, sentence=_("%(actor)s a renouvelé ses codes de secours"))
declare("account.deleted", category=ACCOUNT, sentence=_("Un compte a été supprimé et ses données effacées"))
declare("person.data_exported", category=ACCOUNT, sentence=_("%(actor)s a téléchargé ses données"))
declare(
    "person.searched",
    category=ACCOUNT,
    sentence=_("%(actor)s (%(organisation)s) a cherché une personne"),
    person_data_access=True,
)
