"""Screens about persons for professionals (namespace "persons", under /personnes/): the search, the file."""
