"""Reads on notifications."""

from __future__ import annotations

from django.db.models import Count

from relais.notifications.models import Delivery, DeliveryStatus


def deliveries_summary() -> dict[tuple[str, str], int]:
    """{(channel, status): count} over all deliveries."""
    rows = Delivery.objects.values("channel", "status").annotate(n=Count("pk")).order_by()
    return {(row["channel"], row["status"]): row["n"] for row in rows}


def deliveries_failed_recent(*, limit: int = 20):
    return (
        Delivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("notification")
        .order_by("-updated_at")[:limit]
    )
