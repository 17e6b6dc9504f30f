"""What referrals add to the directory's screens, composed here so that the directory knows nothing of them
(ADR 0016): on the place page, for professionals, each service's referral block (« Orienter une personne »,
documents and conditions asked, response rate from 5 referrals in 12 months, or the service's own ways when it
does not take referrals through Relais); in the search, for professionals, each result's response rate and the
option to rank the page by it. Two queries per page at most (settings, rates); none for the public."""

from __future__ import annotations

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from relais import policy
from relais.referrals import selectors
from relais.www.referrals.common import mobilisation_ways

RANK_PARAM, RANK_VALUE = "tri", "reponse"


def _professional(user) -> bool:
    return policy.allows(user, "directory.view_pro_fields")


def add_to_place(request, service_rows: list[dict], *, is_editor: bool) -> None:
    """Add `row["referral"]` (a dict for templates/referrals/_service_block.html) to each row, for professionals."""
    if not service_rows or not _professional(request.user):
        return
    ids = [row["service"].pk for row in service_rows]
    confs = selectors.settings_for_services(ids)
    rates = selectors.response_rates(ids)
    can_refer = policy.allows(request.user, "referrals.create")
    for row in service_rows:
        service = row["service"]
        conf = confs.get(service.pk)
        accepts = bool(conf and conf.accepts_referrals)
        row["referral"] = {
            "service_id": service.pk,
            "name": service.name,
            "accepts": accepts,
            "conf": conf,
            "can_refer": accepts and can_refer,
            "ways": [] if accepts else mobilisation_ways(service),
            "rate": rates.get(service.pk),
            "can_settle": is_editor,
        }


class SearchHook:
    """Response rates of a search page's results, for professionals only."""

    def __init__(self, request) -> None:
        # REFERRALS_RATES_IN_SEARCH (default on) turns the rates off in the search (a switch, and the benchmark's A/B)
        self.enabled = getattr(settings, "REFERRALS_RATES_IN_SEARCH", True) and _professional(request.user)
        self.active = self.enabled and request.GET.get(RANK_PARAM) == RANK_VALUE
        self.rates: dict = {}

    def context(self) -> dict:
        return {"enabled": self.enabled, "active": self.active}

    def rank(self, page):
        """Load the rates of the page's services; with the option, put the best answering services first
        (within the page: the next pages keep the distance and relevance order)."""
        if page is None or not self.enabled or not page.hits:
            return page
        self.rates = selectors.response_rates([hit.service_id for hit in page.hits])
        if self.active:
            order = {id(hit): index for index, hit in enumerate(page.hits)}

            def key(hit):
                rate = self.rates.get(hit.service_id)
                share = rate.answered / rate.count if rate else -1.0
                return (-share, order[id(hit)])

            page.hits.sort(key=key)
        return page

    def badges(self) -> dict:
        """{service id: HTML} shown under each result that has a rate."""
        return {
            service_id: format_html(
                '<p class="fr-text--xs fr-mb-1v relais-response-rate">{}</p>',
                _("Répond à %(percent)s %% des orientations (%(count)s en 12 mois)")
                % {"percent": rate.percent, "count": rate.count},
            )
            for service_id, rate in self.rates.items()
        }
