"""The person's file (« dossier usager complet »): the hub where every domain adds what it knows of a person."""
