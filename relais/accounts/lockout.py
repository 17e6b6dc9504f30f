"""Sign-in lockout (django-axes) with two limits: AXES_FAILURE_LIMIT failures for one username from one address
(the guessing of one password), and RELAIS_AXES_IP_FAILURE_LIMIT failures from one address whatever the usernames
(password spraying: one common password tried on many accounts). Both over AXES_COOLOFF_TIME; the same lockout
page. The address limit is high enough for a France Services office where many people sign in behind one address."""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AddressWideLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if not address:
            return failures
        from_address = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
            .aggregate(total=Sum("failures_since_start"))
            .get("total")
            or 0
        )
        if from_address >= settings.RELAIS_AXES_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
