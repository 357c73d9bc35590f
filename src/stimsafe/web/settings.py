"""Web app settings: where to bind, single- or multi-user, the signing key, the data folder and size limits.

Settings are validated once, at the edge; a bad value is an :class:`~stimsafe.errors.InputError` that names the
setting, the value and a fix (starlette ``Config`` style).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from stimsafe.errors import InputError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ENV_PREFIX = "STIMSAFE_WEB_"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, True, False, True)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("stimsafe", appauthor=False)) / "web"


class Settings(BaseModel):
    """How the web app runs.

    Parameters
    ----------
    host, port
        Where ``stimsafe serve`` binds. Loopback by default; any other address needs ``allow_remote=True``.
    allow_remote
        Explicit consent to listen beyond this machine (then put it behind HTTPS and use ``multi_user``).
    multi_user
        Accounts with hashed passwords and sessions; each user's diary lives in its own folder.
    secret_key
        Signs the session cookies. Generated per process when not given (sessions then end on restart).
    data_dir
        Accounts and per-user diaries live here.
    max_body_bytes, max_upload_bytes
        Largest request body accepted, for ordinary requests and for ``/upload`` routes.
    allow_signup
        Whether visitors may create accounts in multi-user mode.
    secure_cookies
        Mark cookies ``Secure`` (set this behind HTTPS).
    forwarded_allow_ips
        Addresses of reverse proxies whose ``X-Forwarded-For``/``X-Forwarded-Proto`` headers are believed
        (comma separated IPs or networks, or ``*``). ``None`` (the default) believes no proxy: the client
        address is the connection's, so a client cannot dodge the login limit by inventing headers.
    cds_jwks_file
        A JSON Web Key Set (JSON file) with the public keys of the CDS clients this service trusts. When set,
        every CDS service call must carry a signed JWT bearer token (CDS Hooks 2.0 "Trusting CDS Clients").
    cds_jwt_issuers
        Comma-separated ``iss`` values accepted in those tokens (any issuer whose key is in the file if unset).
    cds_cors_origins
        Comma-separated browser origins (e.g. ``https://sandbox.cds-hooks.org``) allowed to call
        ``/cds-services`` from a web page; nothing else on the server is opened to them.
    cds_fhir_servers
        Comma-separated FHIR base URLs this service may query for data a CDS client did not prefetch
        (with the client's ``fhirAuthorization``). Unset: it never fetches, and says what is missing instead.
    cds_smart_launch_url
        Launch URL of a SMART app to offer on CDS cards as a ``smart`` link (an ``absolute`` link to this
        server's questionnaire is always offered).
    job_workers, job_queue
        Worker threads for the expensive calls (dose reports, the signal report) and how many more may wait;
        beyond that the server answers 503 with ``Retry-After``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    allow_remote: bool = False
    multi_user: bool = False
    secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32), min_length=16, repr=False)
    data_dir: Path = Field(default_factory=_default_data_dir)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_upload_bytes: int = Field(default=10_000_000, gt=0)
    allow_signup: bool = True
    secure_cookies: bool = False
    session_max_age_s: int = Field(default=12 * 3600, gt=0)
    job_workers: int = Field(default=2, ge=1, le=64)
    job_queue: int = Field(default=8, ge=0, le=1000)
    forwarded_allow_ips: str | None = Field(default=None, min_length=1, max_length=2000)
    cds_jwks_file: Path | None = None
    cds_jwt_issuers: str | None = Field(default=None, min_length=1, max_length=2000)
    cds_cors_origins: str | None = Field(default=None, min_length=1, max_length=2000)
    cds_fhir_servers: str | None = Field(default=None, min_length=1, max_length=2000)
    cds_smart_launch_url: str | None = Field(default=None, pattern=r"^https?://", max_length=2000)

    @staticmethod
    def listed(value: str | None) -> tuple[str, ...]:
        """The items of a comma-separated setting.

        Examples
        --------
        >>> Settings.listed(" https://a.example , https://b.example,"), Settings.listed(None)
        (('https://a.example', 'https://b.example'), ())
        """
        return tuple(item.strip() for item in (value or "").split(",") if item.strip())

    def check(self) -> Settings:
        """Refuse a non-loopback bind address unless ``allow_remote`` says so, and remote access without
        accounts (single-user mode has no login: anyone who can reach it would read the diary); return ``self``.

        Raises
        ------
        InputError
            ``host`` is not a loopback address and ``allow_remote`` is false, or ``allow_remote`` is true and
            ``multi_user`` is false.
        """
        if not is_loopback(self.host) and not self.allow_remote:
            raise InputError(
                "The web app listens only on this machine unless you allow remote access.",
                field="host",
                value=self.host,
                hint="Use --host 127.0.0.1, or pass --allow-remote --multi-user (behind HTTPS, with --secure-cookies).",
            )
        if self.allow_remote and not self.multi_user:
            raise InputError(
                "Remote access needs accounts: single-user mode has no login, so anyone who reaches it reads diaries.",
                field="multi_user",
                value=False,
                hint="Add --multi-user (STIMSAFE_WEB_MULTI_USER=true), or drop --allow-remote.",
            )
        return self

    def warnings(self) -> tuple[str, ...]:
        """Settings that run but are unsafe, in words for the person starting the server.

        Examples
        --------
        >>> Settings(allow_remote=True, multi_user=True).warnings()[0][:40]
        'Session cookies are sent without Secure:'
        >>> Settings().warnings()
        ()
        """
        if self.allow_remote and not self.secure_cookies:
            return (
                "Session cookies are sent without Secure: serve this app behind HTTPS and pass --secure-cookies "
                "(STIMSAFE_WEB_SECURE_COOKIES=true), or passwords and sessions cross the network in clear text.",
            )
        return ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``STIMSAFE_WEB_*`` environment variables, then ``overrides``.

        Examples
        --------
        >>> s = Settings.from_env({"STIMSAFE_WEB_MULTI_USER": "yes", "STIMSAFE_WEB_PORT": "8123"})
        >>> s.multi_user, s.port
        (True, 8123)
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = env.get(_ENV_PREFIX + name.upper())
            if raw is not None:
                values[name] = _parse_bool(name, raw) if cls.model_fields[name].annotation is bool else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        from pydantic import ValidationError

        try:
            return cls.model_validate(values)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise InputError(
                f"Web setting {field!r} is not valid: {first['msg']}.",
                field=field,
                value=values.get(field),
                hint=f"Fix {_ENV_PREFIX}{field.upper()} or the matching --option.",
            ) from None


def _parse_bool(name: str, raw: str) -> bool:
    text = raw.strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise InputError(
        f"Web setting {name!r} must be true or false.",
        field=_ENV_PREFIX + name.upper(),
        value=raw,
        hint="Write true or false.",
    )
