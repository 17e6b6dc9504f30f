"""Policy rules for the mandates domain (filled by that domain)."""
