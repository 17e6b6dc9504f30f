"""Links from the rights screens to other features' screens."""


def person_file_path(person_id: int) -> str:
    """The person file (« dossier de la personne »), built by the persons feature: `/personnes/<id>/`.
    When that feature is merged, this becomes `reverse("persons:file", args=[person_id])`."""
    return f"/personnes/{int(person_id)}/"
