"""Alert targets: where alerts are sent, and how each kind of target receives one.

Kinds:
- `webhook`: a generic webhook; the alert is POSTed as JSON (`{"alert": {...}}`).
- `slack`: a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat); POSTs
  `{"text": ..., "blocks": [...]}` (`blocks: false` in the config sends text alone).
- `email`: e-mail over SMTP (smtplib): host, port, sender, recipients, STARTTLS optional, and a
  login whose password is read from the environment variable named by `password_env` when a
  message is sent: a password is never stored in the database nor written to a log.

Each target has a minimum severity and an optional list of rules (empty: every rule). Sending
raises DeliveryError with a short reason; the outbox (delivery.py) retries.
"""

import re
import secrets
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from typing import Literal
from urllib.parse import urlsplit

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veille.access import audit
from veille.alerts import sql
from veille.alerts.records import Severity
from veille.errors import NotFound, UsageError, VeilleError

Kind = Literal["webhook", "slack", "email"]
KINDS = ("webhook", "slack", "email")
NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
TIMEOUT = 10.0


class DeliveryError(VeilleError):
    """A target did not take an alert (down, refused, or misconfigured); the outbox retries."""


class WebhookConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    blocks: bool = True  # slack only: send blocks beside the text


class EmailConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(min_length=1)
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = Field(min_length=3)
    recipients: tuple[str, ...] = Field(min_length=1)
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None  # name of the environment variable holding the password


class Target(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    kind: Kind
    config: dict
    min_severity: Severity = "low"
    rules: tuple[str, ...] = ()
    enabled: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_config(kind: str, config: dict) -> dict:
    """The target's configuration as stored, or one UsageError sentence."""
    if kind not in KINDS:
        raise UsageError(f"target kind {kind!r}: choose one of {', '.join(KINDS)}")
    try:
        parsed = EmailConfig(**config) if kind == "email" else WebhookConfig(**config)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(f"{kind} target: {'.'.join(str(p) for p in first['loc']) or 'config'}: {first['msg']}") from None
    if isinstance(parsed, WebhookConfig):
        url = urlsplit(parsed.url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise UsageError(f"{kind} target: url must be an http(s) URL, not {parsed.url!r}")
    elif parsed.password_env is not None and not ENV_NAME.fullmatch(parsed.password_env):
        raise UsageError("email target: password_env must be the name of an environment variable, not a password")
    return parsed.model_dump(mode="json")


def _target(row) -> Target:
    return Target(id=row[0], name=row[1], kind=row[2], config=orjson.loads(row[3]), min_severity=row[4],
                  rules=tuple(row[5]), enabled=row[6], created_at=row[7], updated_at=row[8])


def list_targets(con) -> list[Target]:
    return [_target(r) for r in con.execute(sql.LIST_TARGETS).fetchall()]


def get_target(con, key: str) -> Target:
    """A target by id or name."""
    row = con.execute(sql.GET_TARGET, [key, key]).fetchone()
    if row is None:
        raise NotFound(f"no alert target {key!r}")
    return _target(row)


def _check_common(name: str, min_severity: str, rules) -> tuple[str, ...]:
    from veille.alerts.rules import PARAMS, SEVERITIES

    if not NAME.fullmatch(name):
        raise UsageError(f"target name {name!r}: 1-64 letters, digits or . _ -")
    if min_severity not in SEVERITIES:
        raise UsageError(f"min_severity {min_severity!r}: choose one of {', '.join(SEVERITIES)}")
    rules = tuple(rules or ())
    unknown = [r for r in rules if r not in PARAMS]
    if unknown:
        raise UsageError(f"unknown rule {unknown[0]!r}; rules are {', '.join(PARAMS)}")
    return rules


def add_target(con, name: str, kind: str, config: dict, *, min_severity: str = "low", rules=(),
               enabled: bool = True, actor: str = "system") -> Target:
    rules = _check_common(name, min_severity, rules)
    stored = check_config(kind, config)
    if con.execute(sql.GET_TARGET, [name, name]).fetchone():
        raise UsageError(f"an alert target named {name!r} exists")
    target_id = secrets.token_hex(4)
    con.execute(sql.INSERT_TARGET, [target_id, name, kind, orjson.dumps(stored).decode(), min_severity,
                                    list(rules), enabled])
    audit(con, actor, "target.add", "target", target_id, {"name": name, "kind": kind, "config": stored,
                                                          "min_severity": min_severity, "rules": list(rules)})
    return get_target(con, target_id)


def update_target(con, key: str, *, name: str | None = None, config: dict | None = None,
                  min_severity: str | None = None, rules=None, enabled: bool | None = None,
                  actor: str = "system") -> Target:
    """Change a target; what is not given stays (`config` is merged into the stored one)."""
    current = get_target(con, key)
    new_name = name if name is not None else current.name
    new_severity = min_severity if min_severity is not None else current.min_severity
    new_rules = _check_common(new_name, new_severity, current.rules if rules is None else rules)
    stored = check_config(current.kind, {**current.config, **(config or {})})
    if new_name != current.name and con.execute(sql.GET_TARGET, [new_name, new_name]).fetchone():
        raise UsageError(f"an alert target named {new_name!r} exists")
    new_enabled = current.enabled if enabled is None else bool(enabled)
    con.execute(sql.UPDATE_TARGET, [new_name, orjson.dumps(stored).decode(), new_severity, list(new_rules),
                                    new_enabled, current.id])
    audit(con, actor, "target.update", "target", current.id, {"name": new_name, "config": stored,
                                                              "min_severity": new_severity,
                                                              "rules": list(new_rules), "enabled": new_enabled})
    return get_target(con, current.id)


def remove_target(con, key: str, *, actor: str = "system") -> None:
    target = get_target(con, key)
    con.execute(sql.DELETE_TARGET_DELIVERIES, [target.id])
    con.execute(sql.DELETE_TARGET, [target.id])
    audit(con, actor, "target.remove", "target", target.id, {"name": target.name})


# -- sending ------------------------------------------------------------------------------------------
def alert_payload(alert: dict) -> dict:
    """The alert as JSON-ready data (what a generic webhook receives)."""
    keys = ("id", "rule", "severity", "status", "title", "subject_kind", "subject", "first_seen", "last_seen",
            "evidence", "updated_at")
    return {k: (alert[k].isoformat() if isinstance(alert.get(k), datetime) else alert.get(k)) for k in keys}


def alert_text(alert: dict) -> str:
    return f"[{alert['severity'].upper()}] {alert['title']} ({alert['rule']}, since {alert['first_seen']:%Y-%m-%d %H:%M} UTC)"


def send(target: Target, alert: dict) -> None:
    """Deliver one alert to one target, or raise DeliveryError."""
    if target.kind == "email":
        _send_email(EmailConfig(**target.config), alert)
        return
    config = WebhookConfig(**target.config)
    if target.kind == "slack":
        body = {"text": alert_text(alert)}
        if config.blocks:
            body["blocks"] = [
                {"type": "section", "text": {"type": "mrkdwn",
                                             "text": f"*{alert['severity'].upper()}* {alert['title']}"}},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": f"rule `{alert['rule']}` · "
                                                  f"{alert['subject_kind']} `{alert['subject']}` · id `{alert['id']}`"}]},
            ]
    else:
        body = {"alert": alert_payload(alert)}
    _post(config.url, body)


def _post(url: str, body: dict) -> None:
    import httpx

    try:
        response = httpx.post(url, content=orjson.dumps(body, default=str), timeout=TIMEOUT,
                              headers={"Content-Type": "application/json", "User-Agent": "veille-alerts"})
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from None
    if response.status_code >= 300:
        raise DeliveryError(f"HTTP {response.status_code}")


def _send_email(config: EmailConfig, alert: dict) -> None:
    import os

    message = EmailMessage()
    message["Subject"] = alert_text(alert)[:200]
    message["From"] = config.sender
    message["To"] = ", ".join(config.recipients)
    message.set_content(alert_text(alert) + "\n\n" + orjson.dumps(
        alert_payload(alert), option=orjson.OPT_INDENT_2, default=str).decode())
    password = None
    if config.password_env:
        password = os.environ.get(config.password_env)
        if password is None:
            raise DeliveryError(f"environment variable {config.password_env} is not set")
    try:
        with smtplib.SMTP(config.host, config.port, timeout=TIMEOUT) as smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.username:
                smtp.login(config.username, password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The exception text of a failed login can quote the server's reply, never our password.
        raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from None
