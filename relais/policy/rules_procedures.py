"""Policy rules for the procedures domain (filled by that domain)."""
