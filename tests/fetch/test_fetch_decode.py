"""The pure helpers of the fetching edge: charset choice, binary sniffing, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.fetch import decode_body, decode_page, looks_binary, parse_retry_after

CAFE_1252 = b"caf\xe9 \x93quoted\x94"
CAFE = "café “quoted”"


@pytest.mark.parametrize("label", ["windows-1252", "ISO-8859-1", "latin-1", "us-ascii", "ascii", '"cp1252"'])
def test_header_charset_and_latin1_labels_mean_windows_1252(label: str) -> None:
    assert decode_body(CAFE_1252, f"text/html; charset={label}") == CAFE


def test_header_charset_beats_meta() -> None:
    body = '<meta charset="windows-1252"><p>naïve</p>'.encode()
    assert decode_body(body, "text/html; charset=utf-8") == '<meta charset="windows-1252"><p>naïve</p>'


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=iso-8859-1>",
        b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1">',
        b"<meta http-equiv='content-type' content='text/html;charset=windows-1252'>",
    ],
)
def test_meta_charset(meta: bytes) -> None:
    assert decode_body(b"<html><head>" + meta + b"</head>" + CAFE_1252, "text/html").endswith(CAFE)


def test_meta_beyond_4kb_is_not_read() -> None:
    body = b"<!--" + b"x" * 5000 + b'--><meta charset="windows-1252">' + CAFE_1252
    # Not valid UTF-8 either, so the fallback still gets it right; a valid UTF-8 body
    # would be read as UTF-8 whatever a late <meta> says.
    assert decode_body(body, None).endswith(CAFE)
    late = b"<!--" + b"x" * 5000 + b'--><meta charset="koi8-r">' + "naïve".encode()
    assert decode_body(late, None).endswith("naïve")


def test_meta_saying_utf16_is_read_as_utf8() -> None:
    body = '<meta charset="utf-16"><p>naïve</p>'.encode()
    assert decode_body(body, "text/html").endswith("<p>naïve</p>")


def test_xml_declaration() -> None:
    body = b'<?xml version="1.0" encoding="ISO-8859-1"?><job>' + CAFE_1252 + b"</job>"
    assert decode_body(body, "application/xml").endswith(CAFE + "</job>")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbf<p>na\xc3\xafve</p>", "<p>naïve</p>"),
        ("\ufeff<p>naïve</p>".encode("utf-16-le"), "<p>naïve</p>"),
        ("\ufeff<p>naïve</p>".encode("utf-16-be"), "<p>naïve</p>"),
    ],
)
def test_bom_wins_and_is_stripped(raw: bytes, text: str) -> None:
    assert decode_body(raw, "text/html; charset=windows-1252") == text


def test_undeclared_utf8_then_windows_1252_fallback() -> None:
    assert decode_body("naïve – ok".encode(), None) == "naïve – ok"
    assert decode_body(CAFE_1252, "text/html") == CAFE


def test_fallback_never_fails_on_bytes_windows_leaves_undefined() -> None:
    assert decode_body(b"a\x81b\x8dc\x9d", None) == "a\x81b\x8dc\x9d"


@pytest.mark.parametrize("label", ["no-such-charset", "base64", "rot13", "undefined"])
def test_unknown_or_non_text_labels_are_ignored(label: str) -> None:
    assert decode_body("naïve".encode(), f"text/html; charset={label}") == "naïve"


def test_declared_charset_with_bad_bytes_uses_replacement() -> None:
    assert decode_body(b"ok \xff end", "text/plain; charset=utf-8") == "ok \ufffd end"


def test_other_declared_charsets() -> None:
    assert decode_body("Привет".encode("koi8-r"), "text/html; charset=KOI8-R") == "Привет"
    assert decode_body("职位".encode("gbk"), "text/html; charset=gb2312") == "职位"


@pytest.mark.parametrize(
    ("raw", "ctype", "binary"),
    [
        (b"\x89PNG\r\n", "image/png", True),
        (b"%PDF-1.7", "application/pdf", True),
        (b"<html></html>", "application/octet-stream", True),
        (b"<svg/>", "image/svg+xml", False),
        (b'{"a": 1}', "application/json; charset=utf-8", False),
        (b"<feed/>", "application/atom+xml", False),
        (b"<html>\x00</html>", "text/html", True),
        (b"<html>" + b" " * 1100 + b"\x00", "text/html", False),  # NUL past the first 1 KB
        (b"plain", None, False),
        (b"\x00\x01", None, True),
        ("\ufeff<p>hi</p>".encode("utf-16-le"), "text/html", False),
        ("<p>hi</p>".encode("utf-16-le"), "text/html; charset=utf-16le", False),
    ],
)
def test_looks_binary(raw: bytes, ctype: str | None, binary: bool) -> None:
    assert looks_binary(raw, ctype) is binary


NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past: go now
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize(
    ("raw", "ctype", "as_is"),
    [
        ("<p>Café</p>".encode(), "text/html; charset=utf-8", True),
        ("<p>Café</p>".encode(), "text/html", True),  # undeclared, valid UTF-8
        (b'<meta charset="utf-8"><p>ok</p>', None, True),
        (b"<p>caf\xe9</p>", "text/html; charset=utf-8", False),  # declared UTF-8, a bad byte
        (b"<p>caf\xe9</p>", "text/html", False),  # undeclared, read as windows-1252
        (b"<p>caf\xe9</p>", "text/html; charset=iso-8859-1", False),
        (b"\xef\xbb\xbf<p>bom</p>", "text/html", False),  # the BOM is not part of the text
        ("<p>Café</p>".encode("utf-16"), "text/html", False),
    ],
)
def test_the_raw_body_is_kept_only_when_the_text_is_exactly_it(
    raw: bytes, ctype: str | None, as_is: bool
) -> None:
    text, utf8 = decode_page(raw, ctype)
    assert text == decode_body(raw, ctype)
    assert (utf8 is raw) == as_is
    if utf8 is not None:
        assert utf8.decode("utf-8") == text
