"""The error bodies of the API, one shape everywhere: `{"detail": "<plain French>"}`.

`PARTNER_ERRORS` are the answers every partner operation may give (no or bad token, a token without
the scope, too many calls), to spread into its `response={...}` so that the schema tells the truth."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


PARTNER_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}
