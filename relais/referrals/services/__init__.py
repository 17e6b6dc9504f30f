"""Services of referrals, split by sub-flow; callers import them from here."""

from relais.referrals.services.answer import (
    INBOX,
    LINK,
    AnswerError,
    attachment_open,
    link_renew,
    referral_accept,
    referral_ask,
    referral_cancel,
    referral_moderate,
    referral_refuse,
    referral_reply,
    referral_view_by_service,
)
from relais.referrals.services.create import ReferralError, referral_create, shareable_documents
from relais.referrals.services.daily import referrals_daily, referrals_expire, referrals_remind
from relais.referrals.services.settings import referral_settings_save
from relais.referrals.stats import stats_refresh

__all__ = [
    "INBOX",
    "LINK",
    "AnswerError",
    "ReferralError",
    "attachment_open",
    "link_renew",
    "referral_accept",
    "referral_ask",
    "referral_cancel",
    "referral_create",
    "referral_moderate",
    "referral_refuse",
    "referral_reply",
    "referral_settings_save",
    "referral_view_by_service",
    "referrals_daily",
    "referrals_expire",
    "referrals_remind",
    "shareable_documents",
    "stats_refresh",
]
