"""Policy rules for the directory domain (filled by that domain)."""
