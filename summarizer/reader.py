"""Read one article (a file, stdin or a string) into the exact text that gets summarised.

Plain text is kept byte-for-byte (minus a UTF-8 BOM; UTF-16 with a BOM is decoded) because
evidence offsets in the brief index into it. HTML pages are reduced to their main text with
trafilatura, so markup never reaches the model.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarizer.errors import (
    ArticleIsDirectory,
    ArticleIsUrl,
    ArticleNotFound,
    ArticleTooLarge,
    ArticleUnreadable,
    BinaryArticle,
    EmptyArticle,
)

MAX_BYTES = 2_000_000
"""Largest input accepted; news articles are a few tens of kilobytes."""

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_URL = re.compile(r"(?i)^\s*https?://")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True)
class Article:
    """The article as summarised: ``text`` is what brief offsets refer to."""

    text: str
    source: str
    sha256: str


def article_from_text(text: str, source: str = "<text>") -> Article:
    """Wrap already-decoded text as an Article; raises EmptyArticle for blank text."""
    if not text.strip():
        raise EmptyArticle(source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(text=text, source=source, sha256=digest)


def read_article(path: str | Path, *, stdin: BinaryIO | None = None) -> Article:
    """Read an article from ``path`` (``"-"`` reads bytes from ``stdin``, default sys.stdin).

    An http(s) URL is refused with :class:`ArticleIsUrl`: nothing is ever downloaded."""
    if isinstance(path, str) and _URL.match(path):
        raise ArticleIsUrl(path.strip())
    if str(path) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ArticleTooLarge("<stdin>", MAX_BYTES)
        return article_from_bytes(data, "<stdin>")
    p = Path(path)
    data = _read_file(p)
    is_html = True if p.suffix.lower() in HTML_SUFFIXES else None
    return article_from_bytes(data, str(path), html=is_html)


def article_from_bytes(data: bytes, source: str, *, html: bool | None = None) -> Article:
    """Decode raw bytes into an Article; ``html=None`` sniffs the content."""
    if len(data) > MAX_BYTES:
        raise ArticleTooLarge(source, MAX_BYTES)
    data = _utf16_to_utf8(data, source)
    if b"\x00" in data:
        raise BinaryArticle(source, "contains NUL bytes")
    if html is None:
        html = looks_like_html(data)
    if html:
        return article_from_text(html_to_text(_decode_html(data, source)), source)
    return article_from_text(_decode_utf8(data, source), source)


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start (after a BOM and whitespace) with a doctype or <html> tag."""
    return _HTML_START.match(data.removeprefix(_BOM)) is not None


def html_to_text(html: str) -> str:
    """The main article text of an HTML page (title first), without navigation or scripts."""
    import trafilatura  # slow import, only needed for HTML
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        with_metadata=True,
    )
    if not isinstance(doc, Document):
        return ""
    body = str(doc.text or "").strip()
    if not body:
        return ""
    title = str(doc.title or "").strip()
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return body + "\n"


def _read_file(p: Path) -> bytes:
    try:
        if p.is_dir():
            raise ArticleIsDirectory(p)
        if not p.exists():
            raise ArticleNotFound(p)
        if p.stat().st_size > MAX_BYTES:
            raise ArticleTooLarge(str(p), MAX_BYTES)
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise ArticleUnreadable(p, "permission denied") from None
    except FileNotFoundError:
        raise ArticleNotFound(p) from None
    except IsADirectoryError:
        raise ArticleIsDirectory(p) from None
    except OSError as err:
        raise ArticleUnreadable(p, err.strerror or type(err).__name__) from None
    if len(data) > MAX_BYTES:
        raise ArticleTooLarge(str(p), MAX_BYTES)
    return data


def _utf16_to_utf8(data: bytes, source: str) -> bytes:
    """UTF-16 with a byte-order mark (as Windows tools save text) re-encoded as UTF-8;
    any other bytes unchanged. A UTF-32 BOM is not UTF-16 and keeps the usual error."""
    if data[:2] not in _UTF16_BOMS or data[:4] == b"\xff\xfe\x00\x00":
        return data
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as err:
        raise BinaryArticle(source, f"invalid UTF-16 at byte {err.start + 2}") from None


def _decode_utf8(data: bytes, source: str) -> str:
    body = data.removeprefix(_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        offset = err.start + (len(data) - len(body))
        raise BinaryArticle(source, f"invalid UTF-8 at byte {offset}") from None


def _decode_html(data: bytes, source: str) -> str:
    """UTF-8 when valid, else the charset the page declares in a <meta> tag."""
    try:
        return _decode_utf8(data, source)
    except BinaryArticle:
        match = _META_CHARSET.search(data[:4096])
        if match is None:
            raise
        charset = match.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except LookupError:
            raise BinaryArticle(source, f"unknown charset {charset!r}") from None
        except UnicodeDecodeError as err:
            raise BinaryArticle(source, f"invalid {charset} at byte {err.start}") from None
