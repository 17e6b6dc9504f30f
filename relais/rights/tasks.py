"""Background tasks of the rights domain (thin: load by id, call a service)."""

from django_tasks import task

from relais.rights.models import BatchRun
from relais.rights.services import batch_run_execute


@task()
def run_batch(*, batch_id: int) -> None:
    batch = BatchRun.objects.filter(pk=batch_id).first()
    if batch is not None:
        batch_run_execute(batch=batch)
