"""Screens about one person for professionals: the person file, follow-ups, private notes (namespace "persons")."""
