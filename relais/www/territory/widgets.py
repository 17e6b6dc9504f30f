"""Re-export: the commune picker lives in `relais.territory.widgets` (domain forms use it too)."""

from relais.territory.widgets import CommuneField, CommunePickerWidget

__all__ = ["CommuneField", "CommunePickerWidget"]
