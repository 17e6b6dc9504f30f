"""Rate-limit counters are kept only while their window is open."""

from relais.core.retention import register_purge
from relais.policy.throttle import throttle_purge

register_purge(
    "rate_counters",
    order=90,
    run=throttle_purge,
    describe=lambda count: [f"compteurs de limite d'appels effacés : {count}"],
)
