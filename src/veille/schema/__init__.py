"""The canonical model: one record type per thing veille knows about."""

from veille.schema.models import (
    Account,
    Ad,
    FactCheck,
    Post,
    Provenance,
    Quarantined,
    RegionShare,
    TiplineMessage,
)

__all__ = [
    "Account",
    "Ad",
    "FactCheck",
    "Post",
    "Provenance",
    "Quarantined",
    "RegionShare",
    "TiplineMessage",
]
