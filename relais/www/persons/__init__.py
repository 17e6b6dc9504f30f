"""Screens about persons for professionals (namespace "persons", under /personnes/): the search, the
person file, follow-ups, private notes, and the to-do lists."""
