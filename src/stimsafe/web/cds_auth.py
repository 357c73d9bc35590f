"""Who may call the CDS services: signed JWT bearer tokens (optional) and CORS for a configured sandbox origin.

CDS Hooks 2.0, "Trusting CDS Clients": each call carries ``Authorization: Bearer <JWT>`` signed by the CDS
client. Its header names the key (``kid``, REQUIRED) and algorithm (the spec names ES384 and RS384); its
claims are ``iss`` (the client), ``aud`` (the service endpoint URL that was called), ``exp`` (expiry, at most
five minutes ahead), ``iat`` and ``jti`` (a nonce: a replayed ``jti`` is refused). The public keys come from a
JSON Web Key Set agreed out of band: here a file (``Settings.cds_jwks_file``); keys named by ``jku`` URLs are
not fetched. Validation uses PyJWT (MIT) with ``cryptography``; both are imported only when a key file is set.

CORS is opened only for ``/cds-services`` and only to ``Settings.cds_cors_origins`` (e.g. the CDS Hooks
sandbox), so a page elsewhere can never reach the account or diary routes with a user's cookie.
"""

from __future__ import annotations

import json
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from stimsafe.errors import DataFileError, DependencyError, StimsafeError
from stimsafe.web.settings import Settings

ALGORITHMS = ("ES384", "RS384")
MAX_LIFETIME_S = 5 * 60
_LEEWAY_S = 30
CDS_PREFIX = "/cds-services"


class CdsAuthError(StimsafeError):
    """A CDS call without a valid client token (HTTP 401)."""

    http_status = 401
    kind = "unauthenticated"


@cache
def _key_set(path: Path) -> Any:
    try:
        import jwt
    except ImportError:  # pragma: no cover - the extra is part of the test environment
        raise DependencyError(
            "Checking CDS client tokens needs PyJWT.", hint="pip install 'stimsafe[cds-auth]'"
        ) from None
    try:
        return jwt.PyJWKSet.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, jwt.PyJWKSetError) as error:
        raise DataFileError(
            f"The CDS client key set cannot be read: {error}",
            field="cds_jwks_file",
            value=str(path),
            hint='Give a JSON Web Key Set file: {"keys": [{"kty": "EC", "crv": "P-384", "kid": ..., ...}]}.',
        ) from None


class _Nonces:
    """``jti`` values seen, kept until their token expires."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_use(self, jti: str, expires_s: float) -> bool:
        now = time.time()
        with self._lock:
            self._seen = {k: v for k, v in self._seen.items() if v > now - _LEEWAY_S}
            if jti in self._seen:
                return False
            self._seen[jti] = expires_s
            return True


def _refuse(message: str, hint: str = "Send a JWT signed with a key in this service's key set.") -> CdsAuthError:
    return CdsAuthError(message, field="Authorization", location="header", hint=hint)


def verify_token(token: str, *, audience: str, jwks_file: Path, settings: Settings, nonces: _Nonces) -> dict[str, Any]:
    """The claims of a valid client token for a call to ``audience``.

    Raises
    ------
    CdsAuthError
        Unknown key, bad signature, wrong audience or issuer, expired, too long-lived, or a replayed ``jti``.
    """
    import jwt

    keys = _key_set(jwks_file)
    try:
        header = jwt.get_unverified_header(token)
        key = next((k for k in keys.keys if k.key_id == header.get("kid")), None)
        if key is None:
            raise _refuse(f"The token's key id {header.get('kid')!r} is not in this service's key set.")
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=list(ALGORITHMS),
            audience=audience,
            leeway=_LEEWAY_S,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]},
        )
    except jwt.PyJWTError as error:
        raise _refuse(f"The client token was refused: {error}.") from None
    issuers = Settings.listed(settings.cds_jwt_issuers)
    if issuers and claims["iss"] not in issuers:
        raise _refuse(f"The token's issuer {claims['iss']!r} is not trusted by this service.")
    if float(claims["exp"]) - float(claims["iat"]) > MAX_LIFETIME_S + _LEEWAY_S:
        raise _refuse(
            "The token lives longer than the five minutes CDS Hooks allows.", "Issue tokens with exp ≤ iat + 300."
        )
    if not nonces.first_use(str(claims["jti"]), float(claims["exp"])):
        raise _refuse("This token was already used (its jti was seen before).", "Send a fresh token with every call.")
    return claims


def require_client_token(request: Request) -> None:
    """Dependency for CDS service calls: a valid bearer token when a key set is configured, else nothing."""
    settings: Settings = request.app.state.settings
    jwks_file = settings.cds_jwks_file
    if jwks_file is None:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _refuse("This CDS service needs a signed client token: 'Authorization: Bearer <JWT>'.")
    nonces: _Nonces = request.app.state.__dict__.setdefault("cds_nonces", _Nonces())
    audience = str(request.url.replace(query=None, fragment=None))
    verify_token(token.strip(), audience=audience, jwks_file=jwks_file, settings=settings, nonces=nonces)


class CdsCors:
    """CORS for ``/cds-services`` only, to the configured origins; every other path passes untouched."""

    def __init__(self, app: ASGIApp, *, origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith(CDS_PREFIX):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
