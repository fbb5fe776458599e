"""Everything a database holds, as text: for tests that check what must never be stored."""

import base64
import binascii
import re

_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def stored_text(app) -> str:
    """Every value of every table, as text, followed by whatever base64 runs in it decode to
    (WhatsApp message ids are base64 that spell out the sender's phone number)."""
    con = app.store.con
    tables = [name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    parts = []
    for table in tables:
        for row in con.execute(f"SELECT * FROM {table}").fetchall():
            for value in row:
                parts.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    text = "\n".join(parts)
    decoded = []
    for run in _BASE64.findall(text):
        try:
            decoded.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("latin-1"))
        except (binascii.Error, ValueError):
            continue
    return text + "\n" + "\n".join(decoded)
