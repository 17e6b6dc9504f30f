"""Partner API tokens from the command line: `api_token create|list|revoke`.

    manage.py api_token create --organisation <id, SIRET or name> --name "SI de la CAF" [--scope dossiers:read ...]
    manage.py api_token list [--organisation ...]
    manage.py api_token revoke <token id>

The clear token is printed once by `create`; only its SHA-256 is stored. Organisation managers do the
same on their organisation's page (« Jetons d'API »)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from relais.core.errors import DomainError
from relais.organisations.models import API_SCOPES
from relais.organisations.selectors import api_token_of, api_tokens_of, organisation_by_reference
from relais.organisations.services import api_token_create, api_token_revoke


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Créer, lister ou révoquer les jetons d'API des partenaires."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="créer un jeton (affiché une seule fois)")
        create.add_argument("--organisation", required=True, help="id, SIRET ou nom exact de la structure")
        create.add_argument("--name", required=True, help="nom du jeton (le logiciel qui l'utilise)")
        create.add_argument(
            "--scope", action="append", choices=sorted(API_SCOPES), help="droit donné (répétable ; défaut : tous)"
        )
        listing = sub.add_parser("list", help="lister les jetons")
        listing.add_argument("--organisation", help="id, SIRET ou nom exact de la structure")
        revoke = sub.add_parser("revoke", help="révoquer un jeton")
        revoke.add_argument("token_id", type=int)

    def _organisation(self, reference):
        organisation = organisation_by_reference(reference=reference)
        if organisation is None:
            raise CommandError(f"Structure introuvable : {reference}")
        return organisation

    def handle(self, *args, action, **options):
        if action == "create":
            organisation = self._organisation(options["organisation"])
            try:
                token, clear = api_token_create(
                    organisation=organisation, name=options["name"], scopes=options["scope"]
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"Jeton {token.pk} créé pour {organisation.name} ({', '.join(token.scopes)}).")
            self.stdout.write("Copiez-le maintenant, il ne sera plus affiché :")
            self.stdout.write(clear)
        elif action == "list":
            organisation = self._organisation(options["organisation"]) if options.get("organisation") else None
            for token in api_tokens_of(organisation=organisation):
                state = f"révoqué le {_when(token.revoked_at)}" if token.revoked_at else "actif"
                self.stdout.write(
                    f"{token.pk}\t{token.organisation.name}\t{token.name}\t{','.join(token.scopes)}\t"
                    f"créé {_when(token.created_at)}\tdernier usage {_when(token.last_used_at)}\t{state}"
                )
        else:
            token = api_token_of(token_id=options["token_id"])
            if token is None:
                raise CommandError(f"Jeton introuvable : {options['token_id']}")
            api_token_revoke(token=token)
            self.stdout.write(f"Jeton {token.pk} ({token.name}) révoqué.")
