"""Demo content of the document safe: a few documents in Camille Martin's safe. Idempotent.

Generated pictures (relais.documents.samples), processed by the real pipeline."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.documents import samples, services
from relais.documents.models import DocType, Document

DEMO_PERSON_EMAIL = "camille.martin@demo.relais.fr"


def load(ctx: dict, stdout) -> None:
    user = ctx.get("users", {}).get(DEMO_PERSON_EMAIL)
    person = getattr(user, "person", None) if user else None
    if person is None:
        return
    today = timezone.localdate()
    wanted = [
        ("Carte d'identité", DocType.IDENTITY, today + dt.timedelta(days=20), 1),
        ("Avis d'imposition 2025", DocType.TAX_NOTICE, None, 2),
        ("Attestation CAF", DocType.CAF_CERTIFICATE, today + dt.timedelta(days=200), 3),
    ]
    added = 0
    for title, doc_type, expires_on, seed in wanted:
        if Document.objects.alive().filter(person=person, title=title).exists():
            continue
        photo = samples.jpeg_bytes(samples.photo(1600, 1200, seed=seed), quality=88)
        services.document_add(
            person=person, actor=user, files=[photo], doc_type=doc_type, title=title, expires_on=expires_on
        )
        added += 1
    stdout.write(f"  {added} document(s) ajouté(s) au coffre de {person}")
