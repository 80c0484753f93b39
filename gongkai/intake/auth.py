"""`TokenAuth(importer_key)` for django-ninja endpoints: `Authorization: Bearer <token>`.
Unknown token → 401; revoked, expired or scoped to another importer → 403."""

from __future__ import annotations

from ninja.errors import HttpError
from ninja.security import HttpBearer

from gongkai.core.middleware import client_ip
from gongkai.intake import services


class TokenAuth(HttpBearer):
    def __init__(self, importer: str):
        super().__init__()
        self.importer = importer

    def authenticate(self, request, token):
        try:
            return services.use_token(token, importer=self.importer, ip=client_ip(request))
        except services.TokenRefused as refused:
            raise HttpError(403, refused.message) from None
