from tests.documents.factories import grant_dossier_view, grant_mandate  # noqa: F401 — fixtures
