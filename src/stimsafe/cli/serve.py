"""``stimsafe serve``: run the web app and HTTP API with uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from stimsafe.web.settings import Settings


def serve(
    *,
    host: Annotated[
        str | None,
        typer.Option(help="Address to bind [default: 127.0.0.1]; any other address needs --allow-remote."),
    ] = None,
    port: Annotated[int | None, typer.Option(help="TCP port [default: 8000].")] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Listen beyond this machine (needs --multi-user) [default: off].")
    ] = False,
    multi_user: Annotated[
        bool, typer.Option("--multi-user", help="Accounts, sessions and per-user diaries [default: off: one user].")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where accounts and per-user diaries live [default: your user data folder, .../stimsafe/web]."
        ),
    ] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Send cookies over HTTPS only [default: off].")
    ] = False,
    no_signup: Annotated[
        bool, typer.Option("--no-signup", help="No self-service sign-up [default: sign-up open in --multi-user].")
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Reverse proxies whose X-Forwarded-For/-Proto headers are believed, e.g. 127.0.0.1 or "
            "10.0.0.0/8 (comma separated) [default: none: proxy headers are ignored].",
        ),
    ] = None,
) -> None:
    """Run the web app (pages, JSON API at /api, CDS Hooks at /cds-services, docs at /docs).

    Every setting can also come from an environment variable `STIMSAFE_WEB_` + its name in capitals (e.g.
    STIMSAFE_WEB_HOST, STIMSAFE_WEB_PORT, STIMSAFE_WEB_CDS_JWKS_FILE); an option given on the command line wins.
    The signing key comes from STIMSAFE_WEB_SECRET_KEY; without it a random key is made and sessions end when
    the server stops. Remote access (--allow-remote) needs --multi-user. See docs/web.md.
    """
    import uvicorn

    from stimsafe.web.app import create_app
    from stimsafe.web.logs import configure_logging
    from stimsafe.web.settings import Settings

    settings = Settings.from_env(
        host=host,
        port=port,
        allow_remote=allow_remote or None,
        multi_user=multi_user or None,
        data_dir=data_dir,
        secure_cookies=secure_cookies or None,
        allow_signup=False if no_signup else None,
        forwarded_allow_ips=forwarded_allow_ips,
    ).check()
    app = create_app(settings)
    configure_logging()
    for warning in settings.warnings():
        typer.echo(f"Warning: {warning}", err=True)
    typer.echo(f"stimsafe web app on http://{settings.host}:{settings.port}/  (Ctrl+C to stop)")
    uvicorn.run(app, **uvicorn_options(settings))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """What ``uvicorn.run`` is given besides the app.

    uvicorn believes ``X-Forwarded-For`` from 127.0.0.1 unless told otherwise (``proxy_headers=True``,
    ``forwarded_allow_ips="127.0.0.1"``), so any local client could pose as any address; proxy headers are
    turned on only for the proxies named in ``settings.forwarded_allow_ips``.

    Examples
    --------
    >>> from stimsafe.web.settings import Settings
    >>> uvicorn_options(Settings())["proxy_headers"]
    False
    >>> uvicorn_options(Settings(forwarded_allow_ips="10.0.0.2"))["forwarded_allow_ips"]
    '10.0.0.2'
    """
    trusted = settings.forwarded_allow_ips
    return {
        "host": settings.host,
        "port": settings.port,
        # uvicorn's own access log prints query strings, which may hold health data: ours logs route templates
        "access_log": False,
        "log_config": None,
        "server_header": False,
        "proxy_headers": trusted is not None,
        "forwarded_allow_ips": trusted,
    }


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``stimsafe`` command."""
    app.command("serve")(serve)
