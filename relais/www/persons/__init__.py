"""Screens of the person file: the search, the file itself, follow-ups, notes and the to-do lists."""
