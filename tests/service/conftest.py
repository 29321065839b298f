"""Fixtures of the service's tests: one app over every installed plugin, a client, the example forms."""

import copy
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

import itcriteria
from itcriteria.service import create_app

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
#: The body limit of the real server the session starts (``server``).
SERVER_BODY_LIMIT = 64 * 1024
#: A small limit, so the 413 test need not send megabytes.
TEST_BODY_LIMIT = 256 * 1024


@pytest.fixture(scope="session")
def body_limit() -> int:
    return TEST_BODY_LIMIT


@pytest.fixture(scope="session")
def app() -> Litestar:
    return create_app(max_body_size=TEST_BODY_LIMIT)


@pytest.fixture(scope="session")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    """An httpx client (Litestar's TestClient is one) speaking HTTP to the app in this process."""
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def binhthuan() -> itcriteria.Regime:
    return itcriteria.get_regime("binhthuan-2019")


@pytest.fixture
def forms() -> list[dict[str, Any]]:
    """The Bình Thuận 2019 example forms."""
    loaded: list[dict[str, Any]] = json.loads((EXAMPLES / "binhthuan-2019-forms.json").read_text("utf-8"))
    return loaded


@pytest.fixture
def round_document(forms: list[dict[str, Any]]) -> dict[str, Any]:
    """The Bình Thuận 2019 example round with every form inline (the file names one forms file)."""
    data: dict[str, Any] = json.loads((EXAMPLES / "binhthuan-2019-round.json").read_text("utf-8"))
    inline = []
    for item in data["forms"]:
        inline.extend(copy.deepcopy(forms) if isinstance(item, str) else [item])
    data["forms"] = inline
    return data


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``itcriteria serve`` with 2 workers, the Bình Thuận plugin only and a 64 KiB body limit."""
    port = free_port()
    command = [sys.executable, "-m", "itcriteria", "serve", "--port", str(port), "--workers", "2"]
    command += ["--plugins", "binhthuan", "--max-body-size", str(SERVER_BODY_LIMIT), "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()[0]
                pytest.fail(f"itcriteria serve did not start:\n{output}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)  # also closes the pipe
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
