"""Alerts: the list and its triage (acknowledge, snooze, close), the live feed (server-sent
events), alert rules and targets (admin), and the detection cycles that raise alerts."""

import asyncio
import time
from datetime import datetime
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from veille.access import User
from veille.alerts.rules import Rule
from veille.alerts.targets import Target
from veille.errors import UsageError
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

Status = Literal["open", "acknowledged", "snoozed", "closed"]
SeverityName = Literal["low", "medium", "high"]
AlertId = Annotated[str, Path(min_length=1, max_length=2000)]
Key = Annotated[str, Path(min_length=1, max_length=200)]
STREAM_POLL_SECONDS = 2.0
STREAM_HEARTBEAT_SECONDS = 15.0
STREAM_MAX_SECONDS = 3600.0  # then the browser reconnects, with Last-Event-ID


class AlertOut(BaseModel):
    id: str
    rule: str
    severity: str
    status: str
    title: str
    subject_kind: str
    subject: str
    first_seen: datetime
    last_seen: datetime
    evidence: dict
    snoozed_until: datetime | None
    created_at: datetime
    updated_at: datetime
    revision: int | None


class SnoozeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    until: datetime | None = Field(None, description="Snooze until this time (UTC if no offset)")
    hours: float | None = Field(None, gt=0, le=2160, description="Or for this many hours")


class RuleIn(BaseModel):
    """Only the fields sent change; `params` replaces the stored parameters."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    severity: SeverityName | None = None
    params: dict | None = None


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=64)
    kind: Literal["webhook", "slack", "email"]
    config: dict = Field(description="webhook/slack: {url}; email: {host, port, sender, recipients, starttls, "
                                     "username, password_env} (a password is never sent here)")
    min_severity: SeverityName = "low"
    rules: list[str] = Field(default_factory=list, max_length=10)
    enabled: bool = True


class TargetPatch(BaseModel):
    """Only the fields sent change; `config` is merged into the stored one."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=64)
    config: dict | None = None
    min_severity: SeverityName | None = None
    rules: list[str] | None = Field(None, max_length=10)
    enabled: bool | None = None


class DeliveryOut(BaseModel):
    alert_id: str
    target_id: str
    name: str | None
    severity: str
    state: str
    attempts: int
    next_attempt: datetime
    last_error: str | None
    queued_at: datetime
    delivered_at: datetime | None


class CycleOut(BaseModel):
    cycle_id: int
    started_at: datetime
    finished_at: datetime | None
    stage: str
    window_start: datetime | None
    window_end: datetime | None
    posts: int | None
    stages: list[dict]
    attempt: int


def _veille(request: Request):
    return request.app.state.veille


# -- alerts API -------------------------------------------------------------------------------------
@router.get("/api/alerts", tags=["alerts"])
def list_alerts(request: Request, status: Status | None = None, rule: Annotated[str | None, Query(max_length=100)] = None,
                severity: SeverityName | None = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
                user: User = Depends(require("read"))) -> list[AlertOut]:
    """Stored alerts, newest event first, filtered by status, rule and severity."""
    return [AlertOut(**a) for a in _veille(request).alerts(rule=rule, status=status, severity=severity, limit=limit)]


@router.get("/api/alerts/stream", tags=["alerts"], response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def alert_stream(request: Request, user: User = Depends(require("read"))):
    """The live alert feed (server-sent events): `event: alert` with the alert as JSON each time an
    alert is raised or changes, from the revision in `Last-Event-ID` (default: from now on), and a
    heartbeat comment every 15 s."""
    veille = _veille(request)
    sent = request.headers.get("last-event-id", "").strip()
    revision = int(sent) if sent.isdigit() else await run_in_threadpool(veille.alert_revision)
    server = getattr(request.app.state, "server", None)  # set by `veille serve`: stop when it stops

    async def events():
        nonlocal revision
        started = last_beat = time.monotonic()
        yield "retry: 3000\n\n"
        while True:
            if await request.is_disconnected() or (server is not None and server.should_exit):
                return
            for alert in await run_in_threadpool(veille.alert_changes, revision, limit=100):
                revision = alert["revision"]
                data = orjson.dumps(AlertOut(**alert).model_dump(mode="json")).decode()
                yield f"id: {revision}\nevent: alert\ndata: {data}\n\n"
            now = time.monotonic()
            if now - last_beat >= STREAM_HEARTBEAT_SECONDS:
                last_beat = now
                yield ": heartbeat\n\n"
            if now - started >= STREAM_MAX_SECONDS:
                return
            await asyncio.sleep(STREAM_POLL_SECONDS)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/api/alerts/{alert_id:path}", tags=["alerts"])
def get_alert(request: Request, alert_id: AlertId, user: User = Depends(require("read"))) -> AlertOut:
    """One alert with its evidence."""
    return AlertOut(**_veille(request).alert(alert_id))


@router.post("/api/alerts/{alert_id:path}/snooze", tags=["alerts"])
def snooze_alert(request: Request, alert_id: AlertId, body: SnoozeIn,
                 user: User = Depends(require("alerts.write"))) -> AlertOut:
    """Snooze an alert until a time, or for some hours; if its rule fires again after that, it is open again."""
    return AlertOut(**_veille(request).snooze_alert(alert_id, until=body.until, hours=body.hours,
                                                    actor=user.username))


@router.post("/api/alerts/{alert_id:path}/acknowledge", tags=["alerts"])
def acknowledge_alert(request: Request, alert_id: AlertId, user: User = Depends(require("alerts.write"))) -> AlertOut:
    """Acknowledge an alert: someone is looking at it."""
    return AlertOut(**_veille(request).acknowledge_alert(alert_id, actor=user.username))


@router.post("/api/alerts/{alert_id:path}/close", tags=["alerts"])
def close_alert(request: Request, alert_id: AlertId, user: User = Depends(require("alerts.write"))) -> AlertOut:
    """Close an alert."""
    return AlertOut(**_veille(request).close_alert(alert_id, actor=user.username))


@router.get("/api/cycles", tags=["alerts"])
def list_cycles(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 20,
                user: User = Depends(require("read"))) -> list[CycleOut]:
    """Recent detection cycles, newest first, with each stage's status, result and seconds."""
    return [CycleOut(**c) for c in _veille(request).cycles(limit=limit)]


# -- rules and targets API (admin) ------------------------------------------------------------------
@router.get("/api/alert-rules", tags=["alert settings"])
def list_rules(request: Request, user: User = Depends(require("admin"))) -> list[Rule]:
    """Every alert rule: enabled, severity and parameters."""
    return _veille(request).alert_rules()


@router.get("/api/alert-rules/{rule_id}", tags=["alert settings"])
def get_rule(request: Request, rule_id: Key, user: User = Depends(require("admin"))) -> Rule:
    """One alert rule."""
    return _veille(request).alert_rule(rule_id)


@router.put("/api/alert-rules/{rule_id}", tags=["alert settings"])
def set_rule(request: Request, rule_id: Key, body: RuleIn, user: User = Depends(require("admin"))) -> Rule:
    """Change an alert rule: enable or disable it, set its severity, replace its parameters."""
    return _veille(request).set_alert_rule(rule_id, enabled=body.enabled, severity=body.severity,
                                           params=body.params, replace=body.params is not None,
                                           actor=user.username)


@router.get("/api/alert-targets", tags=["alert settings"])
def list_targets(request: Request, user: User = Depends(require("admin"))) -> list[Target]:
    """Every alert target."""
    return _veille(request).alert_targets()


@router.post("/api/alert-targets", tags=["alert settings"], status_code=201)
def add_target(request: Request, body: TargetIn, user: User = Depends(require("admin"))) -> Target:
    """Add an alert target (webhook, slack or email)."""
    return _veille(request).add_alert_target(body.name, body.kind, body.config, min_severity=body.min_severity,
                                             rules=body.rules, enabled=body.enabled, actor=user.username)


@router.get("/api/alert-targets/{target}", tags=["alert settings"])
def get_target(request: Request, target: Key, user: User = Depends(require("admin"))) -> Target:
    """One alert target, by id or name."""
    return _veille(request).alert_target(target)


@router.put("/api/alert-targets/{target}", tags=["alert settings"])
def update_target(request: Request, target: Key, body: TargetPatch, user: User = Depends(require("admin"))) -> Target:
    """Change an alert target."""
    return _veille(request).update_alert_target(target, actor=user.username, **body.model_dump(exclude_unset=True))


@router.delete("/api/alert-targets/{target}", tags=["alert settings"], status_code=204)
def remove_target(request: Request, target: Key, user: User = Depends(require("admin"))) -> Response:
    """Remove an alert target and its undelivered alerts."""
    _veille(request).remove_alert_target(target, actor=user.username)
    return Response(status_code=204)


@router.get("/api/alert-deliveries", tags=["alert settings"])
def list_deliveries(request: Request, state: Literal["pending", "delivered", "failed"] | None = None,
                    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
                    user: User = Depends(require("admin"))) -> list[DeliveryOut]:
    """The delivery outbox: each alert and target, its state, attempts and last error."""
    return [DeliveryOut(**d) for d in _veille(request).alert_deliveries(state=state, limit=limit)]


# -- pages --------------------------------------------------------------------------------------------
def _back(target: str) -> RedirectResponse:
    safe = target if target.startswith("/alerts") and not target.startswith("//") else "/alerts"
    return RedirectResponse(safe, status_code=303)


@router.get("/alerts", include_in_schema=False)
def alerts_page(request: Request, status: str = "", rule: str = "", severity: str = "",
                user: User = Depends(require("read"))):
    veille = _veille(request)
    rows = veille.alerts(rule=rule or None, status=status or None, severity=severity or None, limit=500)
    return render(request, "alerts.html", {
        "alerts": rows, "filters": {"status": status, "rule": rule, "severity": severity},
        "statuses": ("open", "acknowledged", "snoozed", "closed"), "severities": ("high", "medium", "low"),
        "rule_ids": [r.id for r in veille.alert_rules()], "can_write": user.can("alerts.write"),
        "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    })


@router.get("/alerts/{alert_id:path}", include_in_schema=False)
def alert_page(request: Request, alert_id: AlertId, user: User = Depends(require("read"))):
    found = _veille(request).alert(alert_id)
    return render(request, "alert.html", {
        "a": found, "evidence": orjson.dumps(found["evidence"], option=orjson.OPT_INDENT_2).decode(),
        "can_open_case": user.can("cases.write"),
    })


@router.post("/alerts/{alert_id:path}/acknowledge", include_in_schema=False)
def acknowledge_form(request: Request, alert_id: AlertId, back: str = Form("/alerts"),
                     user: User = Depends(require("alerts.write"))):
    _veille(request).acknowledge_alert(alert_id, actor=user.username)
    return _back(back)


@router.post("/alerts/{alert_id:path}/snooze", include_in_schema=False)
def snooze_form(request: Request, alert_id: AlertId, hours: float = Form(1.0), back: str = Form("/alerts"),
                user: User = Depends(require("alerts.write"))):
    _veille(request).snooze_alert(alert_id, hours=hours, actor=user.username)
    return _back(back)


@router.post("/alerts/{alert_id:path}/close", include_in_schema=False)
def close_form(request: Request, alert_id: AlertId, back: str = Form("/alerts"),
               user: User = Depends(require("alerts.write"))):
    _veille(request).close_alert(alert_id, actor=user.username)
    return _back(back)


@router.get("/settings/alerts", include_in_schema=False)
def alert_settings_page(request: Request, user: User = Depends(require("admin"))):
    veille = _veille(request)
    return render(request, "alert_settings.html", {
        "rules": veille.alert_rules(), "targets": veille.alert_targets(),
        "waiting": veille.alert_deliveries(state="pending", limit=50) + veille.alert_deliveries(state="failed", limit=50),
        "cycles": veille.cycles(limit=10), "severities": ("low", "medium", "high"),
    })


def _settings_done() -> RedirectResponse:
    return RedirectResponse("/settings/alerts", status_code=303)


@router.post("/settings/alerts/rules/{rule_id}", include_in_schema=False)
def rule_form(request: Request, rule_id: Key, enabled: str = Form(""), severity: str = Form("medium"),
              params: str = Form("{}"), user: User = Depends(require("admin"))):
    try:
        parsed = orjson.loads(params or "{}")
    except orjson.JSONDecodeError:
        raise UsageError("parameters must be a JSON object") from None
    if not isinstance(parsed, dict):
        raise UsageError("parameters must be a JSON object")
    _veille(request).set_alert_rule(rule_id, enabled=bool(enabled), severity=severity, params=parsed, replace=True,
                                    actor=user.username)
    return _settings_done()


@router.post("/settings/alerts/targets", include_in_schema=False)
def add_target_form(request: Request, name: str = Form(""), kind: str = Form("webhook"), url: str = Form(""),
                    smtp_host: str = Form(""), smtp_port: int = Form(25), sender: str = Form(""),
                    recipients: str = Form(""), starttls: str = Form(""), username: str = Form(""),
                    password_env: str = Form(""), min_severity: str = Form("low"), rules: list[str] = Form([]),
                    user: User = Depends(require("admin"))):
    if kind == "email":
        config = {"host": smtp_host, "port": smtp_port, "sender": sender,
                  "recipients": [r.strip() for r in recipients.split(",") if r.strip()], "starttls": bool(starttls),
                  "username": username or None, "password_env": password_env or None}
    else:
        config = {"url": url}
    _veille(request).add_alert_target(name.strip(), kind, config, min_severity=min_severity,
                                      rules=[r for r in rules if r], actor=user.username)
    return _settings_done()


@router.post("/settings/alerts/targets/{target}/enabled", include_in_schema=False)
def target_enabled_form(request: Request, target: Key, enabled: str = Form("1"),
                        user: User = Depends(require("admin"))):
    _veille(request).update_alert_target(target, enabled=enabled not in ("0", ""), actor=user.username)
    return _settings_done()


@router.post("/settings/alerts/targets/{target}/remove", include_in_schema=False)
def remove_target_form(request: Request, target: Key, user: User = Depends(require("admin"))):
    _veille(request).remove_alert_target(target, actor=user.username)
    return _settings_done()
