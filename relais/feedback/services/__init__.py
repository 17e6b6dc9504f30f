"""Writes of feedback: reviews (relais.feedback.services.reviews), helper reports and groups
(relais.feedback.services.reports), fix tickets (relais.feedback.states)."""
