"""Writing the simulated election in the real export formats that veille ingests.

Where each platform's posts go (in `real` mode):
- X: canonical JSON lines, one file per day (`x/`); one day's #Election2026 search again as
  X API v2 responses (`x-api/`), and the copy-paste network's tweets as the platform's
  information-operations archive CSV (`x-io-archive/`), as after a takedown: the same tweets
  in three exports, stored once.
- Facebook and Instagram: CrowdTangle CSV exports (`crowdtangle/`).
- Telegram: a Telegram Desktop full-account export of the channels (`telegram/result.json`).
- News: RSS 2.0 feeds for outlets, Atom feeds for the content farm's sites, and two saved HTML
  articles (`news/`).
- Ads, fact-checks and tipline messages in their formats (`ads/`, `factchecks/`, `tipline/`).
In `jsonl` mode every post is written as canonical JSON lines (for benchmarks and peers); ads,
fact-checks and tipline files are the same. `stored_post_id` and `stored_account_id` say which
ids veille will store, so truth.json speaks of the same ids as the database.
"""

import csv
import gzip
import hashlib
import json
import random
import shutil
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import orjson

from veille.simulate.world import START_TS, Account, SimPost

CT_FACEBOOK_COLUMNS = [
    "Page Name", "User Name", "Facebook Id", "Page Category", "Page Admin Top Country", "Page Description",
    "Page Created", "Likes at Posting", "Followers at Posting", "Post Created", "Post Created Date",
    "Post Created Time", "Type", "Total Interactions", "Likes", "Comments", "Shares", "Love", "Wow", "Haha", "Sad",
    "Angry", "Care", "Video Share Status", "Is Video Owner?", "Post Views", "Total Views",
    "Total Views For All Crossposts", "Video Length", "URL", "Message", "Link", "Final Link", "Image Text",
    "Link Text", "Description", "Sponsor Id", "Sponsor Name", "Sponsor Category",
    "Overperforming Score (weighted  —  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x Sad 1x Angry 1x Care 1x )",
]
CT_INSTAGRAM_COLUMNS = [
    "Account", "User Name", "Followers at Posting", "Post Created", "Post Created Date", "Post Created Time", "Type",
    "Total Interactions", "Likes", "Comments", "Views", "URL", "Link", "Photo", "Title", "Description", "Image Text",
    "Sponsor Id", "Sponsor Name", "Overperforming Score (weighted  —  Likes 1x Comments 1x )",
]
IO_COLUMNS = [
    "tweetid", "userid", "user_display_name", "user_screen_name", "user_reported_location",
    "user_profile_description", "user_profile_url", "follower_count", "following_count", "account_creation_date",
    "account_language", "tweet_language", "tweet_text", "tweet_time", "tweet_client_name", "in_reply_to_userid",
    "in_reply_to_tweetid", "quoted_tweet_tweetid", "is_retweet", "retweet_userid", "retweet_tweetid", "latitude",
    "longitude", "quote_count", "reply_count", "like_count", "retweet_count", "hashtags", "urls", "user_mentions",
    "poll_choices",
]
CEST = 2 * 3600  # CrowdTangle dashboards export in the dashboard's time zone


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def telegram_chat_number(account: Account) -> str:
    return account.id.removeprefix("channel")


def stored_account_id(account: Account) -> str:
    return account.id


def stored_post_id(post: SimPost) -> str:
    """The id veille stores: CrowdTangle posts are known by the last part of their URL."""
    if post.platform == "telegram":
        return f"{telegram_chat_number(post.account)}/{post.id}"
    if post.platform == "news":
        return post.urls[0]
    if post.platform == "facebook":
        return post.id.split("_", 1)[1]
    if post.platform == "instagram":
        return _instagram_code(post)
    return post.id


def facebook_url(post: SimPost) -> str:
    page, number = post.id.split("_", 1)
    return f"https://www.facebook.com/{page}/posts/{number}"


def _instagram_code(post: SimPost) -> str:
    return hashlib.sha1(post.id.encode()).hexdigest()[:11]


def instagram_url(post: SimPost) -> str:
    return f"https://www.instagram.com/p/{_instagram_code(post)}/"


class Exports:
    def __init__(self, outdir: Path, mode: str, rng: random.Random):
        self.root = outdir / "exports"
        self.mode = mode
        self.rng = rng
        self.counts: dict[str, int] = {}
        self._day_files: dict[str, tuple[str, object]] = {}
        self._csv: dict[str, tuple[object, csv.writer]] = {}
        self._telegram_parts = outdir / ".telegram-parts"
        self._telegram_chats: dict[str, Account] = {}
        self._telegram_handles: dict[str, object] = {}
        self._telegram_next: dict[str, int] = {}
        self.feeds: dict[str, list[SimPost]] = {}
        self.v2_sample: list[SimPost] = []
        self.io_archive: list[SimPost] = []
        self.root.mkdir(parents=True, exist_ok=True)

    # -- posts ---------------------------------------------------------------------------
    def post(self, post: SimPost) -> None:
        self.counts[post.platform] = self.counts.get(post.platform, 0) + 1
        if self.mode == "jsonl":
            self._jsonl(post, post.platform)
            return
        if post.platform == "x":
            self._jsonl(post, "x")
            if post.op == "copy-paste":
                self.io_archive.append(post)
            day = int((post.t - START_TS) // 86400)
            if day == 1 and "#election2026" in post.text.lower() and len(self.v2_sample) < 20000:
                self.v2_sample.append(post)
        elif post.platform == "facebook":
            self._crowdtangle_facebook(post)
        elif post.platform == "instagram":
            self._crowdtangle_instagram(post)
        elif post.platform == "telegram":
            self._telegram(post)
        elif post.platform == "news":
            self.feeds.setdefault(post.account.handle, []).append(post)
        else:
            raise ValueError(post.platform)

    def _jsonl(self, post: SimPost, folder: str) -> None:
        day = datetime.fromtimestamp(post.t, UTC).strftime("%Y-%m-%d")
        key = f"{folder}/{folder}-{day}.jsonl"
        current = self._day_files.get(folder)
        if current is None or current[0] != key:
            if current is not None:
                current[1].close()
            path = self.root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            self._day_files[folder] = (key, open(path, "ab"))
        record = {
            "platform": post.platform, "id": stored_post_id(post), "account_id": stored_account_id(post.account),
            "account_name": post.account.handle, "created_at": iso(post.t), "text": post.text,
        }
        if post.urls:
            record["urls"] = post.urls
        if post.share_of is not None:
            record["share_of_id"] = stored_post_id(post.share_of)
        if post.reply_to is not None:
            record["reply_to_id"] = stored_post_id(post.reply_to)
        if post.metrics:
            record["metrics"] = post.metrics
        self._day_files[folder][1].write(orjson.dumps(record) + b"\n")

    def _writer(self, name: str, columns: list[str]):
        if name not in self._csv:
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "w", newline="", encoding="utf-8")
            writer = csv.writer(handle)
            writer.writerow(columns)
            self._csv[name] = (handle, writer)
        return self._csv[name][1]

    def _crowdtangle_facebook(self, post: SimPost) -> None:
        a = post.account
        local = datetime.fromtimestamp(post.t + CEST, UTC)
        m = post.metrics or {}
        link = post.urls[0] if post.urls else ""
        likes, shares, comments = m.get("likes", 0), m.get("reposts", 0), m.get("replies", 0)
        self._writer("crowdtangle/facebook-pages.csv", CT_FACEBOOK_COLUMNS).writerow([
            a.name, a.handle, a.id, "PERSON", "FR", "", datetime.fromtimestamp(a.created_at, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            a.followers, a.followers, local.strftime("%Y-%m-%d %H:%M:%S CEST"), local.strftime("%Y-%m-%d"),
            local.strftime("%H:%M:%S"), "Link" if link else "Status", likes + shares + comments, likes, comments,
            shares, 0, 0, 0, 0, 0, 0, "", "", 0, 0, 0, "", facebook_url(post), post.text, link, link, "", "", "",
            "", "", "", "1.00",
        ])

    def _crowdtangle_instagram(self, post: SimPost) -> None:
        a = post.account
        local = datetime.fromtimestamp(post.t + CEST, UTC)
        m = post.metrics or {}
        self._writer("crowdtangle/instagram.csv", CT_INSTAGRAM_COLUMNS).writerow([
            a.name, a.handle, a.followers, local.strftime("%Y-%m-%d %H:%M:%S CEST"), local.strftime("%Y-%m-%d"),
            local.strftime("%H:%M:%S"), "Photo", m.get("likes", 0) + m.get("replies", 0), m.get("likes", 0),
            m.get("replies", 0), 0, instagram_url(post), "", f"https://scontent.cdninstagram.com/{post.id}.jpg", "",
            post.text, "", "", "", "1.00",
        ])

    def _telegram(self, post: SimPost) -> None:
        chat = telegram_chat_number(post.account)
        if chat not in self._telegram_handles:
            self._telegram_parts.mkdir(parents=True, exist_ok=True)
            self._telegram_handles[chat] = open(self._telegram_parts / f"{chat}.jsonl", "wb")
            self._telegram_chats[chat] = post.account
        # Telegram numbers messages per chat, in order of posting.
        self._telegram_next[chat] = self._telegram_next.get(chat, 0) + 1
        post.id = str(self._telegram_next[chat])
        message = {
            "id": int(post.id), "type": "message", "date": datetime.fromtimestamp(post.t, UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(post.t)), "from": post.account.name, "from_id": post.account.id,
        }
        if post.share_of is not None:
            message["forwarded_from"] = post.share_of.account.name
        if post.reply_to is not None and post.reply_to.account is post.account:
            message["reply_to_message_id"] = int(post.reply_to.id)
        message["text"], message["text_entities"] = _telegram_text(post.text, post.urls)
        self._telegram_handles[chat].write(orjson.dumps(message) + b"\n")

    # -- finishing -----------------------------------------------------------------------
    def finish(self) -> None:
        for _, handle in self._day_files.values():
            handle.close()
        for handle, _ in self._csv.values():
            handle.close()
        for handle in self._telegram_handles.values():
            handle.close()
        if self._telegram_chats:
            self._write_telegram_export()
        for host, posts in self.feeds.items():
            self._write_feed(host, posts)
        if self.v2_sample:
            self._write_v2(self.v2_sample)
        if self.io_archive:
            self._write_io_archive(self.io_archive)
        if self.mode == "real":  # one day arrives compressed, as large exports do
            first_day = min((self.root / "x").glob("x-*.jsonl"), default=None)
            if first_day is not None:
                gzip_file(first_day)

    def _write_telegram_export(self) -> None:
        path = self.root / "telegram" / "result.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write('{\n "about": "Here is the data you requested from Telegram.",\n "chats": {\n'
                      '  "about": "This page lists all chats from this export.",\n  "list": [\n')
            for i, (chat, account) in enumerate(self._telegram_chats.items()):
                head = {"name": account.name, "type": "public_channel", "id": int(chat)}
                out.write("   " + json.dumps(head, ensure_ascii=False)[:-1] + ',\n    "messages": [\n')
                with open(self._telegram_parts / f"{chat}.jsonl", "rb") as part:
                    for j, line in enumerate(part):
                        prefix = "     " if j == 0 else ",\n     "
                        out.write(prefix + json.dumps(orjson.loads(line), ensure_ascii=False))
                out.write("\n    ]\n   }" + (",\n" if i < len(self._telegram_chats) - 1 else "\n"))
            out.write("  ]\n }\n}\n")
        shutil.rmtree(self._telegram_parts)

    def _write_feed(self, host: str, posts: list[SimPost]) -> None:
        posts.sort(key=lambda p: p.t)
        name = posts[0].account.name
        path = self.root / "news" / f"{host}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        farm = posts[0].op is not None
        with open(path, "w", encoding="utf-8") as out:
            if farm:  # the content farm's sites publish Atom
                out.write('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
                          f"  <title>{escape(name)}</title>\n  <link href=\"https://{host}/\"/>\n"
                          f"  <id>https://{host}/</id>\n  <updated>{iso(posts[-1].t)}</updated>\n")
                for p in posts:
                    body = p.text.split("\n\n", 1)[-1]
                    out.write(f"  <entry>\n    <title>{escape(p.title or '')}</title>\n"
                              f"    <link href=\"{escape(p.urls[0])}\"/>\n    <id>{escape(p.urls[0])}</id>\n"
                              f"    <published>{iso(p.t)}</published>\n    <updated>{iso(p.t)}</updated>\n"
                              f"    <summary>{escape(body)}</summary>\n  </entry>\n")
                out.write("</feed>\n")
                return
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
                      f"  <title>{escape(name)}</title>\n  <link>https://www.{host}/</link>\n"
                      f"  <description>{escape(name)} : actualités</description>\n  <language>{posts[0].lang}</language>\n")
            for p in posts:
                body = p.text.split("\n\n", 1)[-1]
                out.write(f"  <item>\n    <title>{escape(p.title or '')}</title>\n    <link>{escape(p.urls[0])}</link>\n"
                          f"    <guid isPermaLink=\"true\">{escape(p.urls[0])}</guid>\n"
                          f"    <pubDate>{format_datetime(datetime.fromtimestamp(p.t, UTC), usegmt=True)}</pubDate>\n"
                          f"    <description>{escape('<p>' + body + '</p>')}</description>\n  </item>\n")
            out.write("</channel>\n</rss>\n")
        if host in ("lemonde.fr", "bbc.co.uk"):
            self._write_saved_article(posts[len(posts) // 2])

    def _write_saved_article(self, p: SimPost) -> None:
        path = self.root / "news" / "saved" / f"{p.account.handle}-{p.id}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = p.text.split("\n\n", 1)[-1]
        paragraphs = "\n".join(f"<p>{escape(s.strip())}.</p>" for s in (body + " " + body).split(".") if s.strip())
        path.write_text(
            f"<!DOCTYPE html>\n<html lang=\"{p.lang}\"><head><meta charset=\"utf-8\">\n"
            f"<title>{escape(p.title or '')} | {escape(p.account.name)}</title>\n"
            f"<link rel=\"canonical\" href=\"{escape(p.urls[0])}\">\n"
            f"<meta property=\"og:site_name\" content=\"{escape(p.account.name)}\">\n"
            f"<meta property=\"og:url\" content=\"{escape(p.urls[0])}\">\n"
            f"<meta property=\"article:published_time\" content=\"{iso(p.t)}\">\n</head>\n<body>\n"
            "<nav><a href=\"/\">Accueil</a> | <a href=\"/politique\">Politique</a></nav>\n"
            f"<article><h1>{escape(p.title or '')}</h1>\n{paragraphs}\n</article>\n"
            "<footer>© Tous droits réservés. Partager sur Facebook | Twitter</footer>\n</body></html>\n",
            encoding="utf-8",
        )

    def _write_v2(self, posts: list[SimPost]) -> None:
        path = self.root / "x-api" / "search-election2026.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            for start in range(0, len(posts), 100):
                page = posts[start:start + 100]
                out.write(orjson.dumps(_v2_page(page, self.rng)) + b"\n")

    def _write_io_archive(self, posts: list[SimPost]) -> None:
        path = self.root / "x-io-archive" / "copy_paste_network_tweets_csv_unhashed.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(IO_COLUMNS)
            for p in sorted(posts, key=lambda p: p.t):
                a = p.account
                tags = [w.lstrip("#") for w in p.text.split() if w.startswith("#")]
                mentions = [w.lstrip("@") for w in p.text.split() if w.startswith("@")]
                writer.writerow([
                    p.id, a.id, a.name, a.handle, "", "", "", a.followers, a.followers // 3,
                    datetime.fromtimestamp(a.created_at, UTC).strftime("%Y-%m-%d"), a.lang, a.lang, p.text,
                    datetime.fromtimestamp(p.t, UTC).strftime("%Y-%m-%d %H:%M"), "Twitter Web App", "", "", "",
                    "False", "", "", "absent", "absent", 0, 0, p.metrics.get("likes", 0), p.metrics.get("reposts", 0),
                    str(tags) if tags else "[]", str(p.urls) if p.urls else "[]",
                    "[" + ", ".join(_user_number(m) for m in mentions) + "]" if mentions else "[]", "",
                ])


def _telegram_text(text: str, urls: list[str]):
    """Telegram's rich text: a plain string, or a list mixing strings and entity objects."""
    parts: list = []
    entities = []
    for i, word in enumerate(text.split(" ")):
        sep = " " if i else ""
        kind = "link" if word in urls else ("hashtag" if word.startswith("#") and len(word) > 1 else None)
        if kind:
            if sep:
                parts.append(sep)
                entities.append({"type": "plain", "text": sep})
            parts.append({"type": kind, "text": word})
            entities.append({"type": kind, "text": word})
        else:
            chunk = sep + word
            if parts and isinstance(parts[-1], str):
                parts[-1] += chunk
                entities[-1]["text"] += chunk
            else:
                parts.append(chunk)
                entities.append({"type": "plain", "text": chunk})
    if len(parts) == 1 and isinstance(parts[0], str):
        return parts[0], entities
    return parts, entities


def _v2_page(posts: list[SimPost], rng: random.Random) -> dict:
    data, users, referenced = [], {}, {}
    for p in posts:
        text = p.text
        entities: dict = {}
        if p.urls:
            entities["urls"] = []
            for u in p.urls:
                short = f"https://t.co/{hashlib.md5(u.encode()).hexdigest()[:10]}"
                text = text.replace(u, short)
                start = text.find(short)
                entities["urls"].append({"start": start, "end": start + len(short), "url": short, "expanded_url": u,
                                         "display_url": u.split("://", 1)[-1][:26]})
        tags = [(i, w) for i, w in enumerate(text.split(" ")) if w.startswith("#")]
        if tags:
            entities["hashtags"] = []
            for _, w in tags:
                start = text.find(w)
                entities["hashtags"].append({"start": start, "end": start + len(w), "tag": w[1:].rstrip(".,!")})
        tweet = {
            "id": p.id, "text": text, "author_id": p.account.id, "created_at": iso(p.t).replace("Z", ".000Z"),
            "lang": p.lang, "conversation_id": p.id, "edit_history_tweet_ids": [p.id],
            "public_metrics": {"retweet_count": p.metrics.get("reposts", 0), "reply_count": p.metrics.get("replies", 0),
                               "like_count": p.metrics.get("likes", 0), "quote_count": 0, "bookmark_count": 0,
                               "impression_count": p.metrics.get("likes", 0) * 30},
        }
        if entities:
            tweet["entities"] = entities
        if p.share_of is not None:
            tweet["referenced_tweets"] = [{"type": "retweeted", "id": p.share_of.id}]
            referenced[p.share_of.id] = p.share_of
        elif p.reply_to is not None:
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": p.reply_to.id}]
            tweet["in_reply_to_user_id"] = p.reply_to.account.id
        data.append(tweet)
        users[p.account.id] = p.account
    for r in referenced.values():
        users[r.account.id] = r.account
    page = {
        "data": data,
        "includes": {
            "users": [{"id": a.id, "name": a.name, "username": a.handle, "created_at": iso(a.created_at).replace("Z", ".000Z"),
                       "public_metrics": {"followers_count": a.followers, "following_count": a.followers // 3,
                                          "tweet_count": int(a.activity * 100), "listed_count": 0}}
                      for a in users.values()],
            "tweets": [{"id": r.id, "text": r.text, "author_id": r.account.id,
                        "created_at": iso(r.t).replace("Z", ".000Z"), "lang": r.lang} for r in referenced.values()],
        },
        "meta": {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data),
                 "next_token": hashlib.md5(data[-1]["id"].encode()).hexdigest()[:16]},
    }
    return page


def _user_number(handle: str) -> str:
    return str(int(hashlib.md5(handle.encode()).hexdigest()[:12], 16))


def gzip_file(path: Path) -> Path:
    """Replace a file by its gzip (mtime 0 in the header, so the same seed gives the same bytes)."""
    packed = path.with_suffix(path.suffix + ".gz")
    with open(path, "rb") as src, open(packed, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as dst:
        shutil.copyfileobj(src, dst)
    path.unlink()
    return packed
