from tests.rights.factories import commune_lyon, rights_engine  # noqa: F401
