"""Screens of referrals, one module per thing a user does."""
