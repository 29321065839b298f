"""Fixtures of the service's tests: one app over every installed plugin, a client, the example forms."""

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

import itcriteria
from itcriteria.service import create_app

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
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
