"""Screens of procedures, one module per thing a person does (urls.py points to each module):

- `catalogue`: the public catalogue, a procedure's page, starting a dossier, the glossary;
- `space`: the person's dossiers, one dossier, their profile, a dossier prepared by a partner;
- `fill`: filling a dossier page by page (one handler per button);
- `attachments`: documents of the safe attached, files removed or shown;
- `review`: checking and sending a dossier;  - `messaging`: messages on a dossier;
- `backoffice`: the agents' lists, CSV export, one dossier and its decisions;
- `builder`: building procedures, their fields and versions; `common`: what they share."""
