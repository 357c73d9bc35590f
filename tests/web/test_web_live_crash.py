"""Review finding 14: a crash on a live uvicorn server writes no traceback and no exception message to stderr.

Before the fix Starlette re-raised after the 500 page and uvicorn printed "Exception in ASGI application", the
traceback and the message (which may quote health data). This runs a real server in a subprocess on loopback.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

SERVER = """
import sys, uvicorn
from stimsafe.web import Settings, create_app
from stimsafe.web.logs import configure_logging
app = create_app(Settings(secret_key="live-test-secret-0123456789", data_dir=sys.argv[2]))
@app.get("/api/boom")
def boom():
    raise RuntimeError("pregnant-77386006 in the message")
configure_logging()
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=False, log_config=None, server_header=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_live_server_crash_logs_the_type_only(tmp_path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = None
        for _ in range(100):
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/boom", timeout=2).status_code
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert status == 500
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "RuntimeError" in err  # the type is logged
    assert "Traceback" not in err and "Exception in ASGI application" not in err
    assert "pregnant" not in err and "77386006" not in err
