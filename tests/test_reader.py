"""reader: exact plain text, HTML main-text extraction, and one clear error per bad input."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from summarizer import reader
from summarizer.errors import (
    ArticleIsDirectory,
    ArticleNotFound,
    ArticleTooLarge,
    ArticleUnreadable,
    BinaryArticle,
    EmptyArticle,
    InputError,
)
from summarizer.reader import (
    MAX_BYTES,
    Article,
    article_from_bytes,
    article_from_text,
    looks_like_html,
    read_article,
)

# Invented text; the offsets of briefs index into exactly this.
STORY = (
    "  Velmora, 6 May — A drone struck a fuel depot, killing “at least four” workers.\r\n"
    "\r\n"
    "The Northern Brigade said it acted in response to shelling by Arkadia’s army.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Drone hits depot near Velmora | The Example Courier</title>
<script>var tracker = "SCRIPT-NOISE";</script>
<style>.promo { color: red } /* STYLE-NOISE */</style>
</head>
<body>
<nav><ul><li><a href="/">Home NAV-NOISE</a></li><li><a href="/world">World</a></li></ul></nav>
<header><div class="masthead">The Example Courier HEADER-NOISE</div></header>
<main><article>
<h1>Drone hits depot near Velmora</h1>
<p>A drone struck a fuel depot on the outskirts of Velmora on Tuesday, killing at least four
workers and injuring 11 others, the regional governor said.</p>
<p>The Northern Brigade said it had launched the attack “in response to last week’s shelling”
of its positions near the river crossing at Ødegård.</p>
<p>Arkadia’s defence ministry condemned the strike as “a reckless act that endangers
civilians” and said it would respond.</p>
</article></main>
<footer><p>© 2031 The Example Courier FOOTER-NOISE. All rights reserved.</p></footer>
<script>console.log("SCRIPT-NOISE-2")</script>
</body>
</html>
"""

NOISE = ("SCRIPT-NOISE", "STYLE-NOISE", "NAV-NOISE", "HEADER-NOISE", "FOOTER-NOISE", "tracker")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- plain text -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story.txt", "story.md", "story", "STORY.TXT"])
def test_plain_text_is_kept_exactly(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(STORY.encode("utf-8"))
    article = read_article(path)
    assert article.text == STORY  # leading spaces, CRLF and trailing newline all kept
    assert article.source == str(path)
    assert article.sha256 == _sha(STORY)


def test_accepts_str_path(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ein Drohnenangriff traf Übungsgelände.", encoding="utf-8")
    assert read_article(str(path)).text == "Ein Drohnenangriff traf Übungsgelände."


def test_utf8_bom_is_stripped_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    article = read_article(path)
    assert article.text == STORY
    assert article.sha256 == _sha(STORY)


def test_article_is_frozen() -> None:
    article = article_from_text("A strike was reported.")
    with pytest.raises(AttributeError):
        article.text = "changed"  # type: ignore[misc]


# --- errors -----------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(ArticleNotFound) as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert info.value.exit_code == 2


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleIsDirectory) as info:
        read_article(tmp_path)
    assert isinstance(info.value, InputError)
    assert "directory" in str(info.value)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\u00a0\u2003\n".encode()])
def test_empty_or_whitespace(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyArticle) as info:
        read_article(path)
    assert info.value.source == str(path)


def test_bom_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "bom-only.txt"
    path.write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(EmptyArticle):
        read_article(path)


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryArticle) as info:
        read_article(path)
    assert info.value.reason == "contains NUL bytes"
    assert "contains NUL bytes" in str(info.value)


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Frappe à Kyiv".encode("latin-1"))  # 'à' is byte 7 in Latin-1
    with pytest.raises(BinaryArticle) as info:
        read_article(path)
    assert info.value.reason == "invalid UTF-8 at byte 7"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom-latin1.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xffcd")
    with pytest.raises(BinaryArticle) as info:
        read_article(path)
    assert info.value.reason == "invalid UTF-8 at byte 5"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("A strike was reported.", encoding="utf-8")

    def deny(self: Path, *args: object, **kwargs: object) -> io.BytesIO:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ArticleUnreadable) as info:
        read_article(path)
    assert "permission denied" in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied_real_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("A strike was reported.", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ArticleUnreadable):
            read_article(path)
    finally:
        path.chmod(0o600)


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ArticleTooLarge) as info:
        read_article(path)
    assert "too large" in str(info.value)


def test_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * MAX_BYTES)
    assert len(read_article(path).text) == MAX_BYTES


def test_too_large_stdin() -> None:
    with pytest.raises(ArticleTooLarge) as info:
        read_article("-", stdin=io.BytesIO(b"b" * (MAX_BYTES + 5)))
    assert info.value.source == "<stdin>"


# --- stdin ------------------------------------------------------------------------------


def test_stdin_bytes_kept_exactly() -> None:
    article = read_article("-", stdin=io.BytesIO(STORY.encode("utf-8")))
    assert article == Article(text=STORY, source="<stdin>", sha256=_sha(STORY))


def test_stdin_bom_and_empty() -> None:
    assert read_article("-", stdin=io.BytesIO(b"\xef\xbb\xbfHi.\n")).text == "Hi.\n"
    with pytest.raises(EmptyArticle) as info:
        read_article("-", stdin=io.BytesIO(b"\n\n"))
    assert info.value.source == "<stdin>"


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("Ракетный удар.\n".encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", fake)
    assert read_article("-").text == "Ракетный удар.\n"


def test_stdin_html_is_sniffed() -> None:
    article = read_article("-", stdin=io.BytesIO(PAGE.encode("utf-8")))
    assert "fuel depot" in article.text
    assert "<" not in article.text


# --- HTML -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page"])
def test_html_main_text_without_noise(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    text = article.text
    assert text.startswith("Drone hits depot near Velmora\n")
    assert "A drone struck a fuel depot on the outskirts of Velmora" in text
    assert "“in response to last week’s shelling”" in text
    assert "Ødegård" in text
    assert "a reckless act" in text
    for noise in NOISE:
        assert noise not in text
    assert "<" not in text and ">" not in text
    assert article.sha256 == _sha(text)


def test_html_without_article_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text(
        "<!doctype html><html><head><title>Nothing</title>"
        "<script>var x = 1;</script></head><body></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(EmptyArticle):
        read_article(path)


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    text = read_article(path).text
    assert "Ødegård" in text
    assert "“in response to last week’s shelling”" in text


def test_html_http_equiv_charset(tmp_path: Path) -> None:
    page = PAGE.replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    )
    path = tmp_path / "latin1.html"
    path.write_bytes(page.replace("“", '"').replace("”", '"').replace("’", "'").encode("latin-1"))
    assert "Ødegård" in read_article(path).text


def test_html_not_utf8_and_no_charset_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(b"<html><body><p>caf\xe9</p></body></html>")
    with pytest.raises(BinaryArticle) as info:
        read_article(path)
    assert info.value.reason.startswith("invalid UTF-8 at byte ")


def test_html_unknown_charset_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "odd.html"
    path.write_bytes(b'<html><head><meta charset="x-klingon"></head><body>\xe9</body></html>')
    with pytest.raises(BinaryArticle) as info:
        read_article(path)
    assert "x-klingon" in info.value.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html></html>", True),
        (b"\xef\xbb\xbf\n  <!doctype HTML>", True),
        (b"\n<html lang='en'>", True),
        (b"<html>", True),
        (b"The <html> tag is discussed here.", False),
        (b"<htmlish>", False),
        (b"A plain story.", False),
    ],
)
def test_looks_like_html(data: bytes, expected: bool) -> None:
    assert looks_like_html(data) is expected


def test_article_from_bytes_can_force_plain_text() -> None:
    raw = b"<html><body><p>Kept as typed.</p></body></html>"
    assert article_from_bytes(raw, "id-1", html=False).text == raw.decode()


# --- article_from_text ------------------------------------------------------------------


def test_article_from_text() -> None:
    article = article_from_text(STORY)
    assert article == Article(text=STORY, source="<text>", sha256=_sha(STORY))
    assert article_from_text("x", source="case-7").source == "case-7"


def test_article_from_text_rejects_blank() -> None:
    with pytest.raises(EmptyArticle) as info:
        article_from_text(" \n", source="case-8")
    assert "case-8" in str(info.value)


def test_limit_is_module_level(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 10)
    with pytest.raises(ArticleTooLarge) as info:
        article_from_bytes(b"x" * 11, "small-limit")
    assert info.value.limit == 10
