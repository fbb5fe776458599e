"""Accounts as views show them: a keyed pseudonym, the platform, the public handle and name.

Platform account ids stay in the database: what leaves it is `acct:` plus a keyed hash of the id
(veille.privacy), stable within a deployment so that the same account is recognisable across
pages, API calls and exports, and the handle or display name the account shows the public.
"""

from collections.abc import Iterable

from veille.privacy import pseudonymise
from veille.views import sql
from veille.views.models import Account


class AccountNames:
    """Looks up and remembers how to show accounts, by `platform:account_id` key."""

    def __init__(self, con, key: bytes):
        self.con = con
        self.key = key
        self._known: dict[str, Account] = {}

    def pseudonym(self, platform: str, account_id: str) -> str:
        # The platform's account id alone, as every other page and export pseudonymises it, so
        # that the same account carries the same pseudonym everywhere (the platform is shown beside it).
        return pseudonymise(account_id, self.key, prefix="acct:")

    def load(self, keys: Iterable[str]) -> None:
        """Fetch the accounts of `keys` (platform:account_id) not looked up yet, in one query."""
        wanted = sorted({k for k in keys if k not in self._known})
        if not wanted:
            return
        found = {f"{p}:{i}": (h, d) for p, i, h, d in self.con.execute(sql.ACCOUNTS, {"keys": wanted}).fetchall()}
        for k in wanted:
            platform, account_id = k.split(":", 1)
            handle, display = found.get(k, (None, None))
            pseudonym = self.pseudonym(platform, account_id)
            label = f"@{handle}" if handle else (display or f"{platform} {pseudonym[5:13]}")
            self._known[k] = Account(id=pseudonym, platform=platform, handle=handle, display_name=display, label=label)

    def get(self, key: str) -> Account:
        if key not in self._known:
            self.load([key])
        return self._known[key]

    def of(self, platform: str, account_id: str) -> Account:
        return self.get(f"{platform}:{account_id}")
