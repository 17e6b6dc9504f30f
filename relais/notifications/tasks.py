"""Background tasks of notifications (django-tasks). Thin: load by id, call the service."""

from django_tasks import task

from relais.notifications.services import deliveries_requeue, delivery_send


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery (idempotent: safe to run twice or after a crash)."""
    return delivery_send(delivery_id=delivery_id)


@task()
def requeue_stuck() -> int:
    """The sweep as a task, for schedulers that enqueue tasks rather than run commands."""
    return deliveries_requeue()
