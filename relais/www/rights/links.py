"""Links from the rights screens to other features' screens."""

from django.urls import reverse


def person_file_path(person_id: int) -> str:
    """The person file (« dossier de la personne », relais/www/persons)."""
    return reverse("persons:file", args=[int(person_id)])
