from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from relais.territory.widgets import CommuneField


class CommuneLookupForm(DsfrBaseForm):
    commune = CommuneField(label=_("Commune"))
