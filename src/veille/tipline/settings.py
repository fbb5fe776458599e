"""The tipline's settings: platform secrets and send APIs from the environment, and the
conversation's limits.

Secrets are read from environment variables only (never from flags, which other users of the
machine can read in the process list), and never logged. A platform whose webhook secret is not
set is not served: its webhook answers 503 saying which variable to set.
"""

import os

from pydantic import BaseModel, ConfigDict, Field

from veille.errors import UsageError

WHATSAPP_API = "https://graph.facebook.com/v21.0"
TELEGRAM_API = "https://api.telegram.org"


class TiplineSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    whatsapp_app_secret: str | None = Field(default=None, repr=False)    # signs webhook bodies
    whatsapp_verify_token: str | None = Field(default=None, repr=False)  # the GET verification
    whatsapp_token: str | None = Field(default=None, repr=False)         # bearer token of the send API
    whatsapp_api: str = WHATSAPP_API
    whatsapp_phone_number_id: str | None = None  # answers from it when a webhook names no business number
    telegram_secret_token: str | None = Field(default=None, repr=False)  # X-Telegram-Bot-Api-Secret-Token
    telegram_bot_token: str | None = Field(default=None, repr=False)
    telegram_api: str = TELEGRAM_API

    max_body_bytes: int = Field(default=256 * 1024, ge=1024)  # webhook bodies above this: 413
    bundle_seconds: float = Field(default=5.0, ge=0)    # messages of one sender this close make one question
    questions_per_hour: int = Field(default=20, ge=1)   # per sender; then one polite notice
    feedback_hours: float = Field(default=24.0, gt=0)   # a "1"/"2" this long after an answer is feedback
    retry_seconds: float = Field(default=2.0, gt=0)     # outbox: first retry delay, doubled each time
    retry_max_seconds: float = Field(default=600.0, gt=0)
    max_attempts: int = Field(default=12, ge=1)         # then the reply is given up (status failed)

    @classmethod
    def from_env(cls, environ=None) -> "TiplineSettings":
        env = os.environ if environ is None else environ

        def number(name: str, kind, default):
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                return default
            try:
                return kind(raw)
            except ValueError:
                raise UsageError(f"${name}: not a number: {raw!r}") from None

        defaults = cls()
        return cls(
            whatsapp_app_secret=env.get("VEILLE_WHATSAPP_APP_SECRET") or None,
            whatsapp_verify_token=env.get("VEILLE_WHATSAPP_VERIFY_TOKEN") or None,
            whatsapp_token=env.get("VEILLE_WHATSAPP_TOKEN") or None,
            whatsapp_api=(env.get("VEILLE_WHATSAPP_API") or WHATSAPP_API).rstrip("/"),
            whatsapp_phone_number_id=env.get("VEILLE_WHATSAPP_PHONE_NUMBER_ID") or None,
            telegram_secret_token=env.get("VEILLE_TELEGRAM_SECRET_TOKEN") or None,
            telegram_bot_token=env.get("VEILLE_TELEGRAM_BOT_TOKEN") or None,
            telegram_api=(env.get("VEILLE_TELEGRAM_API") or TELEGRAM_API).rstrip("/"),
            bundle_seconds=number("VEILLE_TIPLINE_BUNDLE_SECONDS", float, defaults.bundle_seconds),
            questions_per_hour=number("VEILLE_TIPLINE_QUESTIONS_PER_HOUR", int, defaults.questions_per_hour),
            retry_seconds=number("VEILLE_TIPLINE_RETRY_SECONDS", float, defaults.retry_seconds),
            retry_max_seconds=number("VEILLE_TIPLINE_RETRY_MAX_SECONDS", float, defaults.retry_max_seconds),
        )
