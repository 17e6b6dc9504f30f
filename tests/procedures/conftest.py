from tests.procedures.factories import owner, procedure  # noqa: F401
