"""Authentication by personal API token: `Authorization: Bearer ra_...` (or `Token ra_...`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

from riskassess.api.selectors import api_token_find, api_token_refusal
from riskassess.api.services import api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give exactly one token."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = api_token_find(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        refusal = api_token_refusal(token=token)
        if refusal == "inactive":
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if refusal is not None:
            raise exceptions.AuthenticationFailed(
                _(
                    "This token was created before your second factor was set up or reset. "
                    "Log in on the web page with your code and create a new token."
                )
            )
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only: it cannot change anything."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "riskassess.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token created at /api/tokens/, sent as `Authorization: Bearer ra_...`.",
        }
