"""Background tasks of notifications (django-tasks). Thin: load by id, call the service."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery (idempotent: safe to run twice or after a crash)."""
    from relais.notifications.services import delivery_send

    return delivery_send(delivery_id=delivery_id)


@task()
def requeue_stuck() -> int:
    """The sweep as a task, for schedulers that enqueue tasks rather than run commands."""
    from relais.notifications.services import deliveries_requeue

    return deliveries_requeue()
