"""Background tasks of the document safe (django-tasks). Thin: call the service."""

from django_tasks import task

from relais.documents.services import pending_purge


@task()
def purge_pending() -> int:
    """Remove step-one uploads nobody confirmed within a day (run daily by the scheduler)."""
    return pending_purge()
