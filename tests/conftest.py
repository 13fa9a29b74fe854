"""Shared fixtures: the bundled report and one build of it per test session."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"


@pytest.fixture(scope="session")
def bundled_report() -> Path:
    return BUNDLED


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Returns (summary, out_dir) of one `kg build` of the bundled report."""
    import kg

    out = tmp_path_factory.mktemp("build")
    summary = kg.build([str(BUNDLED)], out)
    return summary, out


@contextmanager
def running_server(data_dir, **settings):
    """Yields the base URL of a `kg serve` endpoint on a free loopback port, stopped afterwards."""
    import threading

    from kg.serve import ServeSettings, make_server

    server = make_server(ServeSettings(data_dir=data_dir, port=0, **settings))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        server.pool.close()
        thread.join(5)
