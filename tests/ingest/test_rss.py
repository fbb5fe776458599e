import gzip
from datetime import UTC, datetime

import psutil

from tests.conftest import FIXTURES
from veille.ingest.adapter import IngestOptions
from veille.ingest.adapters.feeds import ADAPTER
from veille.ingest.source import Source
from veille.schema import Post

FOLDER = FIXTURES / "rss"
RSS = FOLDER / "feed.rss"
ATOM = FOLDER / "feed.atom"
COLUMNS = "id, platform, account_id, created_at, text, lang, urls, hashtags, source_line"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def posts(app) -> dict[str, dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return {row[0]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM posts")}


def test_rss_items_become_posts_and_undated_ones_are_quarantined(app):
    report = app.ingest([RSS])
    assert report.files[0].format == "rss"
    # 6 items: 4 good, one without a date, one with a date in French words
    assert (report.total("inserted"), report.total("quarantined")) == (4, 2)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {
        32: "missing date: the item has no pubDate, published, updated or dc:date",
        38: "bad date: unparseable time 'lundi 3 juin 2024, 9 h 30'",
    }


def test_rss_fields(app):
    app.ingest([RSS])
    found = posts(app)
    first = found["https://www.quotidien-exemple.fr/?p=48213"]
    assert first == {
        "id": "https://www.quotidien-exemple.fr/?p=48213",
        "platform": "news",
        "account_id": "quotidien-exemple.fr",  # the channel's link, not the CDN of its self link
        "created_at": datetime(2024, 6, 3, 7, 30, tzinfo=UTC),
        # &nbsp; read (not a cut title) and spaces collapsed, HTML stripped, paragraphs kept
        "text": "Européennes : les bureaux de vote ouvriront à 8 h\n\n"
                "Le scrutin du 9 juin se tiendra de 8 h à 18 h dans la plupart des communes.\n"
                "Voir aussi le guide.",
        "lang": "fr",
        # only the item's link, canonicalised; the link inside the description is not the post's
        "urls": ["https://quotidien-exemple.fr/politique/europeennes-bureaux-de-vote-8h"],
        "hashtags": [],
        "source_line": 10,
    }
    second = found["https://www.quotidien-exemple.fr/politique/procuration-ce-qui-change"]
    assert second["created_at"] == datetime(2024, 6, 2, 18, 0, tzinfo=UTC)
    assert second["text"] == ("Procuration : ce qui change cette année\n\nDepuis janvier, un électeur peut "
                              "donner procuration à un électeur inscrit dans une autre commune.")
    third = found["https://www.quotidien-exemple.fr/politique/debat-audience"]  # no guid: the link
    assert third["created_at"] == datetime(2024, 6, 2, 3, 45, tzinfo=UTC)  # EST is UTC-5
    assert third["text"] == ("Débat télévisé : les chiffres d\u2019audience\n\n"
                             "Le débat a réuni 4,2 millions de téléspectateurs.")
    iso = found["https://www.quotidien-exemple.fr/politique/calendrier"]
    assert iso["created_at"] == datetime(2024, 5, 30, 5, 0, tzinfo=UTC)
    assert rows(app, "SELECT platform, id, display_name FROM accounts") == [
        ("news", "quotidien-exemple.fr", "Le Quotidien d'Exemple \u2013 Politique")]


def test_atom_and_rss1(app):
    report = app.ingest([ATOM, FOLDER / "feed.rdf"])
    assert [f.format for f in report.files] == ["rss", "rss"]
    # Atom: 2 dated entries and 1 without a date; RSS 1.0: 1 item
    assert (report.total("inserted"), report.total("quarantined")) == (3, 1)
    assert [q["line"] for q in app.quarantine()] == [27]
    found = posts(app)
    polls = found["tag:example-times.com,2024:article-9913"]
    assert polls["account_id"] == "example-times.com"
    assert polls["created_at"] == datetime(2024, 6, 3, 5, 0, tzinfo=UTC)  # published, not updated
    assert polls["text"] == "Polls open across the country\n\nVoters queued before dawn in several cities."
    assert polls["urls"] == ["https://example-times.com/elections/2024/06/03/polls-open"]  # not the enclosure
    assert polls["lang"] == "en"
    turnout = found["tag:example-times.com,2024:article-9914"]
    assert turnout["created_at"] == datetime(2024, 6, 3, 11, 0, tzinfo=UTC)  # only updated
    assert turnout["text"] == "Turnout figures, hour by hour\n\nAt noon, turnout stood at 31%.\nThat is up two points."
    blog = found["https://blog.example.org/2024/06/ballot-design"]
    assert (blog["account_id"], blog["created_at"]) == ("blog.example.org", datetime(2024, 6, 1, 12, 0, tzinfo=UTC))
    assert dict(rows(app, "SELECT id, display_name FROM accounts")) == {
        "example-times.com": "Example Times \u2014 Elections", "blog.example.org": "Example Civic Blog"}


def test_reingesting_is_idempotent(app):
    paths = [RSS, ATOM, FOLDER / "feed.rdf"]
    app.ingest(paths)
    second = app.ingest(paths)
    assert (second.total("inserted"), second.total("duplicates")) == (0, 7)
    assert rows(app, "SELECT count(*) FROM posts") == [(7,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]


def test_a_huge_feed_is_streamed(tmp_path):
    item = ("<item><title>Item {n}</title><link>https://example.org/{n}</link>"
            "<pubDate>Mon, 03 Jun 2024 09:30:00 +0200</pubDate><description>{body}</description></item>\n")
    body = "x" * 20_000
    path = tmp_path / "huge.rss.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
                  "<link>https://example.org/</link>\n")
        for n in range(4_000):  # 80 MB of XML
            out.write(item.format(n=n, body=body))
        out.write("</channel></rss>\n")
    process = psutil.Process()
    baseline = peak = process.memory_info().rss
    posts = 0
    for record in ADAPTER.read(Source.from_path(path), IngestOptions()):
        if isinstance(record, Post):
            posts += 1
            if posts % 250 == 0:
                peak = max(peak, process.memory_info().rss)
    assert posts == 4_000
    assert peak - baseline < 30 * 1024 * 1024  # one item at a time, not an 80 MB tree
