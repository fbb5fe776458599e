"""Scoring detections against a simulation's truth.json.

Coordination: each detected campaign is attributed to the planted operation it overlaps most;
an operation's detected accounts are the members of the campaigns attributed to it, giving
account precision and recall. Accounts of no operation that end up in a campaign are organic
false positives (the viral-news sharers, celebrity fans and greeters of the decoys are among
them), and decoy objects (viral news links) appearing as campaign evidence are counted too.
"""

from dataclasses import dataclass


@dataclass
class OperationScore:
    operation: str
    kind: str
    planted: int
    detected: int
    correct: int
    campaigns: int

    @property
    def precision(self) -> float:
        return self.correct / self.detected if self.detected else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.planted if self.planted else 0.0


def _key(account: dict) -> tuple[str, str]:
    return account["platform"], account["id"]


def evaluate_coordination(truth: dict, detection: dict) -> dict:
    operations = {op["id"]: {_key(a) for a in op["accounts"]} for op in truth["operations"]}
    planted = set().union(*operations.values())
    attributed: dict[str, set] = {op: set() for op in operations}
    counts = {op: 0 for op in operations}
    organic: set = set()
    for campaign in detection["campaigns"]:
        members = {_key(m) for m in campaign["members"]}
        organic |= members - planted
        best = max(operations, key=lambda op: (len(operations[op] & members), op))
        if operations[best] & members:
            attributed[best] |= members
            counts[best] += 1
    decoy_objects = {obj for d in truth["decoys"] for obj in d.get("objects", [])}
    decoy_evidence = sorted({e["object"] for c in detection["campaigns"] for e in c["evidence"]
                             if e["object"] in decoy_objects})
    scores = [
        OperationScore(op["id"], op["kind"], len(operations[op["id"]]), len(attributed[op["id"]]),
                       len(attributed[op["id"]] & operations[op["id"]]), counts[op["id"]])
        for op in truth["operations"]
    ]
    return {"operations": scores, "organic_accounts_flagged": len(organic), "decoy_objects_in_evidence": decoy_evidence}
