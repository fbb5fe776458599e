"""RSS 2.0, RSS 1.0 (RDF) and Atom news feeds, each item a post of platform `news`.

Per item: id = `guid` (Atom `id`, RSS 1.0 `rdf:about`), else the link; account = the feed's
site, the host of the channel's `link` (Atom: its `alternate` link) without `www.`, else the
feed's title, else the item link's host; created_at = `pubDate` (RFC 822), Atom `published`
then `updated`, or `dc:date` (ISO 8601); text = title, a blank line, and the description (Atom
`summary`; `content:encoded` or Atom `content` when there is no summary) with its HTML stripped;
urls = the item's link, set explicitly so that links inside the description are not taken as
the post's. The channel's `language` (or Atom `xml:lang`) is the posts' language. The feed
becomes an Account (id = the site, display name = the feed's title).

Quirks handled: HTML named entities that feeds write without a DTD (`&nbsp;`, `&eacute;`) are
not XML and would cut text short; they are turned into character references as the file is read.
Descriptions are escaped HTML or CDATA. Dates in other forms than RFC 822 and ISO 8601 are tried
with dateutil. Parsing recovers from broken markup as far as libxml2 can. An item without a date,
or with one that cannot be read, is quarantined.

The feed is streamed with lxml's iterparse and each item is dropped once read, so a huge feed
never sits in memory whole. Entities are not resolved and the network is never used (no XXE).
"""

import html
import re
from collections.abc import Iterator
from html.entities import name2codepoint
from urllib.parse import urlsplit

from lxml import etree

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.rejects import quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance, Quarantined

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_ITEMS = {"item", f"{{{RSS1}}}item", f"{{{ATOM}}}entry"}
_CHANNELS = {"channel", f"{{{RSS1}}}channel", f"{{{ATOM}}}feed"}
_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]")
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "figure")


class FeedAdapter:
    name = "rss"
    description = "RSS and Atom news feeds, one post per item"
    priority = 50

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        start = 0
        while text.startswith(("<?", "<!"), start):  # XML declaration, comments, doctype
            end = text.find(">", start)
            if end < 0:
                return False
            start = len(text) - len(text[end + 1:].lstrip())
        return _ROOT.match(text, start) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        feed = _Feed()
        account_sent = False
        with source.open() as stream:
            events = etree.iterparse(_NamedEntities(stream), events=("start", "end"), recover=True,
                                     resolve_entities=False, no_network=True, remove_comments=True)
            for event, element in events:
                if not isinstance(element.tag, str):  # a processing instruction
                    continue
                if event == "start":
                    if element.tag in _CHANNELS:
                        feed.lang = element.get(XML_LANG) or feed.lang
                    continue
                parent = element.getparent()
                if parent is not None and parent.tag in _CHANNELS and element.tag not in _ITEMS:
                    feed.learn(element)
                    continue
                if element.tag not in _ITEMS:
                    continue
                item = _item(element, feed, source.name)
                if isinstance(item, Post) and not account_sent:
                    account_sent = True
                    yield Account(platform="news", id=item.account_id, display_name=feed.title,
                                  provenance=item.provenance)
                yield item
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del parent[0]


class _Feed:
    """What the channel says about itself, learnt as the feed streams past."""

    def __init__(self):
        self.title: str | None = None
        self.site: str | None = None
        self.lang: str | None = None

    def learn(self, element) -> None:
        name = _name(element.tag)[1]
        if name == "title" and not self.title:
            self.title = _plain(_content(element)) or None
        elif name == "link" and not self.site:
            if element.tag == f"{{{ATOM}}}link" and element.get("rel", "alternate") != "alternate":
                return
            self.site = _host(element.get("href") or element.text or "")
        elif name == "language" and element.text:
            self.lang = element.text.strip()


def _item(element, feed: _Feed, source: str) -> Post | Quarantined:
    fields = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        namespace, local = _name(child.tag)
        name = local if namespace in (None, ATOM, RSS1) else f"{namespace}|{local}"
        if name == "link" and namespace == ATOM:
            if child.get("rel", "alternate") != "alternate" or "link" in fields:
                continue
            fields["link"] = child.get("href", "")
        elif name not in fields:
            fields[name] = _content(child)
    link = (fields.get("link") or "").strip()
    provenance = Provenance(source=source, line=element.sourceline)

    def bad(reason: str):
        return quarantined(source, "rss", reason, etree.tostring(element)[:65536], line=element.sourceline)

    stamp = (fields.get("pubDate") or fields.get("published") or fields.get("updated")
             or fields.get(f"{DC}|date") or "").strip()
    if not stamp:
        return bad("missing date: the item has no pubDate, published, updated or dc:date")
    try:
        created_at = _date(stamp)
    except ValueError:
        return bad(f"bad date: unparseable time {stamp[:80]!r}")
    post_id = (fields.get("guid") or fields.get("id") or element.get(f"{{{RDF}}}about") or link).strip()
    account = feed.site or feed.title or _host(link)
    if not post_id or not account:
        return bad("missing id: the item has no guid, id or link")
    title = _plain(fields.get("title") or "")
    body = _plain(fields.get("description") or fields.get("summary") or fields.get(f"{CONTENT}|encoded")
                  or fields.get("content") or "")
    return Post(
        platform="news", id=post_id, account_id=account, created_at=created_at,
        text="\n\n".join(part for part in (title, body) if part),
        lang=element.get(XML_LANG) or feed.lang, urls=(link,) if link else (), provenance=provenance,
    )


def _name(tag: str) -> tuple[str | None, str]:
    """(namespace, local name) of a tag; recovered markup may leave a prefix unbound (`dc:date`)."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    prefix, _, local = tag.rpartition(":")
    return ({"dc": DC, "content": CONTENT}.get(prefix, prefix or None)), local


def _content(element) -> str:
    """An element's text, with the markup of any child elements (Atom `type="xhtml"` content, or
    HTML left unescaped in a description)."""
    children = "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in element
                       if isinstance(child.tag, str))
    return (element.text or "") + children


def _plain(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, paragraphs kept as line breaks."""
    if "<" not in fragment:
        return _tidy(html.unescape(fragment))
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(html.unescape(fragment))
    for junk in root.xpath("//script|//style"):
        junk.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _date(text: str):
    try:
        return parse_time(text)
    except ValueError:
        from dateutil import parser

        try:
            return parse_time(parser.parse(text))
        except (ValueError, OverflowError) as exc:
            raise ValueError(str(exc)) from None


class _NamedEntities:
    """A byte stream with HTML named entities turned into numeric character references."""

    def __init__(self, raw):
        self.raw = raw
        self.held = b""  # a possible entity cut by the end of a chunk
        self.ready = b""

    def read(self, size: int = -1) -> bytes:
        while len(self.ready) < max(size, 1):
            chunk = self.raw.read(1 << 16)
            data = self.held + chunk
            self.held = b""
            if chunk:
                cut = data.rfind(b"&")
                if cut >= 0 and b";" not in data[cut:] and len(data) - cut <= 33:
                    data, self.held = data[:cut], data[cut:]
            self.ready += _ENTITY.sub(_reference, data)
            if not chunk:
                break
        if size < 0:
            size = len(self.ready)
        out, self.ready = self.ready[:size], self.ready[size:]
        return out


def _reference(match: re.Match) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES or name.decode() not in name2codepoint:
        return match.group(0)
    return b"&#%d;" % name2codepoint[name.decode()]


ADAPTER = FeedAdapter()
