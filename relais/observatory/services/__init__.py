"""Every write of the observatory: the build (build.py) and the freshness campaign (campaign.py)."""

from relais.observatory.services.build import DataMissing, observatory_build
from relais.observatory.services.campaign import freshness_campaign_launch

__all__ = ["DataMissing", "freshness_campaign_launch", "observatory_build"]
