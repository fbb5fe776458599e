"""Accounts as Arrow columns for the writer: rows from canonical JSONL's fast path (AccountRow)
give the same table as the validated Account models they stand for, alone or mixed with models."""

from veille.schema import Account
from veille.store.writer import AccountRow, _accounts_table


def _model(row: AccountRow) -> Account:
    return Account(platform=row.platform, id=row.id, handle=row.handle,
                   provenance={"source": row.source, "line": row.line})


def test_fast_rows_and_models_give_the_same_table():
    rows = [AccountRow("x", "1", "ana", "day1.jsonl", 3), AccountRow("telegram", "2", "bo", "day1.jsonl", 9)]
    models = [_model(r) for r in rows]
    assert _accounts_table(rows).equals(_accounts_table(models))
    assert _accounts_table([rows[0], models[1]]).equals(_accounts_table(models))
    assert _accounts_table(rows).to_pylist()[1] == {
        "platform": "telegram", "id": "2", "handle": "bo", "display_name": None, "created_at": None, "followers": None,
        "source_file": "day1.jsonl", "source_line": 9, "source_ref": None}
