"""Policy rules for the rights domain (filled by that domain)."""
