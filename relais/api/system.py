from ninja import Router, Schema

from relais.api.auth import partner_auth
from relais.api.errors import ErrorOut

router = Router(tags=["system"])


class WhoAmI(Schema):
    organisation_id: int
    organisation: str
    token_name: str


@router.get(
    "/whoami",
    response={200: WhoAmI, 401: ErrorOut, 429: ErrorOut},
    auth=partner_auth,
    summary="Structure liée au jeton",
)
def whoami(request):
    token = request.api_token
    return WhoAmI(organisation_id=token.organisation_id, organisation=token.organisation.name, token_name=token.name)
