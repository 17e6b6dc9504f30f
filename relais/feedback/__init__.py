"""Feedback: reviews, helper reports, grouping, fix tickets and published indicators (issue #17)."""
