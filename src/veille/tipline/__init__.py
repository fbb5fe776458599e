"""The tipline: people forward suspicious messages on WhatsApp or Telegram and get the
fact-check that covers them, in their language; new claims go to fact-checkers, grouped so
each is handled once, and their answer goes back to everyone who asked.

The flow, one module per step:
deliveries.py (webhook bodies checked and read with the ingest adapters' parsers) ->
intake.py (group commit: acknowledged means durable) -> conversation.py (bundling, language,
matching, opt-out, rate limit; commands.py reads STOP/START/"1"/"2"; replies.py says it in the
sender's language) -> grouping.py (the fact-checkers' queue) -> answers.py (a fact-checker's
answer to a group) -> outbox.py and platforms.py (replies sent with retries).
sealing.py keeps the platform address encrypted, the only form in which it is stored;
groups.py reads the queue and its statistics; services.py runs the conversation and the outbox
in `veille serve`; settings.py reads secrets from the environment.
"""

from veille.tipline.models import AnswerResult, GroupSummary, NewFactCheck, TiplineStats
from veille.tipline.settings import TiplineSettings

__all__ = ["AnswerResult", "GroupSummary", "NewFactCheck", "TiplineSettings", "TiplineStats"]
