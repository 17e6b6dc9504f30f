"""Views of the persons feature, one module per sub-flow (the urls import the modules)."""
