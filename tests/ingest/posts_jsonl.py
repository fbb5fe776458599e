"""Canonical JSON lines of simple posts, for the tests of folders and transactions."""

import json


def posts_jsonl(first: int, n: int) -> str:
    """Posts with ids first .. first + n - 1 (an id is the same post in any file), one per line."""
    return "".join(
        json.dumps({"platform": "x", "id": str(i), "account_id": f"a{i % 7}", "created_at": 1_700_000_000 + i,
                    "text": f"post number {i} about the count #vote{i % 3}"}) + "\n"
        for i in range(first, first + n)
    )
