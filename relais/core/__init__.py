"""The base every Relais app stands on: the app-config base class and domain errors.

Nothing here imports another Relais package."""
