"""The one service to notify a person or a professional (filled in by the notifications work)."""
