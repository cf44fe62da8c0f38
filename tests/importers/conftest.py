from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.moderation.conftest import (  # noqa: F401
    _fast_password_hashing,
    admin_url,
    staff_client,
)

# Real exports from public projects (see SOURCES.md there); never copied into the repo.
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "import-samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("the shared import samples are not available")
    return SAMPLES


def tweet(
    id_: str,
    text: str,
    *,
    reply_to: str = "",
    reply_to_user: str = "",
    reply_to_name: str = "",
    created: str = "Sat Oct 14 10:00:00 +0000 2017",
    mentions: tuple[str, ...] = (),
) -> dict:
    """One element of a personal archive's tweets.js, in the archive's own shape."""
    data = {
        "retweeted": False,
        "entities": {
            "hashtags": [],
            "user_mentions": [
                {"screen_name": m, "name": m.title(), "id_str": "9"} for m in mentions
            ],
            "urls": [],
        },
        "id_str": id_,
        "id": id_,
        "created_at": created,
        "full_text": text,
        "lang": "en",
    }
    if reply_to:
        data |= {
            "in_reply_to_status_id_str": reply_to,
            "in_reply_to_user_id_str": reply_to_user,
            "in_reply_to_screen_name": reply_to_name,
        }
    return {"tweet": data}


def tweets_js(items: list[dict], part: int = 0) -> bytes:
    return (f"window.YTD.tweets.part{part} = " + json.dumps(items, indent=2)).encode()


@pytest.fixture
def write(tmp_path):
    """Write bytes to a file in a fresh folder and return its path."""

    def make(name: str, content: bytes | str) -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return make
