"""Reading inputs: every supported format, folders, stdin, and every kind of bad input
(which comes back as an `InputError` in the stream, never as a raised exception)."""
from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from newskg.extract.errors import InputError
from newskg.extract.records import SourceDocument
from newskg.extract.sources import iter_input_paths, read_inputs, source_name

BODY = "Tartu Marine Institute officials visited Riga on Monday.\nThey signed a research pact.\n"


def read_all(*inputs: str | Path, **kwargs) -> list[SourceDocument | InputError]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))


def only_document(path: Path) -> SourceDocument:
    (item,) = read_all(path)
    assert isinstance(item, SourceDocument), item
    return item


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- .txt -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first_line", "title", "date"),
    [
        (" date 2024-11-09 Tartu institute opens Arctic lab Saturday, November 9, 2024 10:00:11 AM",
         "Tartu institute opens Arctic lab", "2024-11-09"),
        ("date 2023-02-28 Riga port reopens to cruise ships", "Riga port reopens to cruise ships", "2023-02-28"),
        (" date 2022-07-01 Ferry link resumes July 1, 2022", "Ferry link resumes", "2022-07-01"),
        ("Tartu institute opens Arctic lab", "Tartu institute opens Arctic lab", None),
        ("Tartu Marine Institute officials visited Riga on Monday.", None, None),
    ],
    ids=["date-header-timestamp", "date-header", "date-header-short-timestamp", "headline", "sentence"],
)
def test_txt_title_and_date(tmp_path, first_line, title, date):
    doc = only_document(write(tmp_path / "a.txt", first_line + "\n" + BODY))
    assert doc.title == title
    assert doc.date == date
    assert doc.format == "txt"
    assert doc.source == source_name(tmp_path / "a.txt")
    assert doc.warnings == ()
    assert "They signed a research pact." in doc.text


def test_txt_crlf_line_ends_become_newlines(tmp_path):
    doc = only_document(write(tmp_path / "a.txt", b"Ferry link resumes\r\nThe ferry sails again.\r\n"))
    assert "\r" not in doc.text
    assert doc.title == "Ferry link resumes"


# -- .md ------------------------------------------------------------------------------------
def test_markdown_front_matter(tmp_path):
    text = "---\ntitle: \"Riga port reopens\"\ndate: 2024-03-05T08:00:00Z\nauthor: Ilse Berg\n---\n" + BODY
    doc = only_document(write(tmp_path / "a.md", text))
    assert (doc.title, doc.date, doc.format) == ("Riga port reopens", "2024-03-05", "md")
    assert doc.text == BODY  # the front matter is not part of the text
    assert "author" not in doc.text


def test_markdown_heading_is_title(tmp_path):
    doc = only_document(write(tmp_path / "a.markdown", "# Riga port reopens\n\n" + BODY))
    assert doc.title == "Riga port reopens"
    assert doc.date is None
    assert doc.format == "md"


# -- .html ----------------------------------------------------------------------------------
HTML = """<!DOCTYPE html>
<html lang="en"><head>
<title>Riga port reopens to cruise ships | Baltic Harbour News</title>
<meta property="og:title" content="Riga port reopens to cruise ships">
<meta property="article:published_time" content="2024-05-17T09:30:00+00:00">
<meta property="og:url" content="https://news.example.org/riga-port-reopens">
<link rel="canonical" href="https://news.example.org/riga-port-reopens">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World desk</a></li>
<li><a href="/sport">Sport pages</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>Riga port reopens to cruise ships</h1>
<p>The port of Riga welcomed its first cruise ship in four years on Friday, when the liner
Nordic Aurora docked with 2,300 passengers on board after a long voyage from Kiel.</p>
<p>Harbour master Ilse Berg said the terminal had been rebuilt over the winter and that
twelve more calls were booked for the summer season, most of them from German operators.</p>
<p>Local traders expect the visitors to spend heavily in the old town, where shops and cafes
struggled during the long closure of the passenger terminal.</p>
</article>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div id="disqus_thread"></div>
<noscript>Please enable JavaScript to view the comments powered by Disqus.</noscript>
<footer><p>Copyright 2024 Baltic Harbour News. All rights reserved.</p></footer>
</body></html>
"""


def test_html_article_text_and_metadata(tmp_path):
    doc = only_document(write(tmp_path / "page.html", HTML))
    assert doc.format == "html"
    assert doc.title == "Riga port reopens to cruise ships"
    assert doc.date == "2024-05-17"
    assert doc.url == "https://news.example.org/riga-port-reopens"
    assert "Nordic Aurora docked with 2,300 passengers" in doc.text
    assert "Harbour master Ilse Berg" in doc.text
    for furniture in ("World desk", "Sport pages", "Share on", "cookies", "enable JavaScript", "Disqus",
                      "All rights reserved"):
        assert furniture not in doc.text, furniture
    assert "\n\n" in doc.text  # paragraphs are kept apart


def test_html_without_article_text_is_an_error(tmp_path):
    (item,) = read_all(write(tmp_path / "empty.htm", "<html><head><title>x</title></head><body></body></html>"))
    assert isinstance(item, InputError)
    assert "no article text" in item.reason


# -- .jsonl ---------------------------------------------------------------------------------
def test_jsonl_rows(tmp_path):
    rows = [
        {"id": "a1", "title": "Riga port reopens", "date": "2024-05-17", "url": "https://news.example.org/a1",
         "text": "The port of Riga reopened."},
        {"id": "a2", "title": "", "date": "not a date", "text": "Tartu Marine Institute opened a lab."},
        {"text": "Stockholm and Riga inked a defence pact."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    first, second, third = read_all(path)
    assert first == SourceDocument(source="https://news.example.org/a1", text="The port of Riga reopened.",
                                   title="Riga port reopens", date="2024-05-17",
                                   url="https://news.example.org/a1", format="jsonl")
    assert second.source == f"{source_name(path)}#a2"
    assert (second.title, second.date, second.url) == (None, None, None)
    assert third.source == f"{source_name(path)}#3"  # no id: the line number
    assert third.text == rows[2]["text"]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"id": "b", "text": "unterminated', "broken JSON line"),
        ('{"id": "b", "title": "No body"}', "no non-empty 'text'"),
        ('{"id": "b", "text": "   "}', "no non-empty 'text'"),
        ('["a", "list"]', "not an object"),
    ],
    ids=["broken", "no-text", "blank-text", "not-object"],
)
def test_jsonl_bad_line_is_reported_and_the_rest_still_read(tmp_path, bad_line, reason):
    good = json.dumps({"id": "g1", "text": "Riga port reopened."})
    later = json.dumps({"id": "g2", "text": "Tartu opened a lab."})
    path = write(tmp_path / "batch.jsonl", f"{good}\n\n{bad_line}\n{later}\n")
    items = read_all(path)
    assert [type(i) for i in items] == [SourceDocument, InputError, SourceDocument]
    error = items[1]
    assert error.line == 3
    assert reason in error.reason
    assert str(error).startswith(f"{source_name(path)}:3: ")
    assert [i.text for i in items if isinstance(i, SourceDocument)] == ["Riga port reopened.", "Tartu opened a lab."]


def test_jsonl_row_over_max_bytes(tmp_path):
    path = write(tmp_path / "batch.jsonl", json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "short"}) + "\n")
    big, small = read_all(path, max_bytes=100)
    assert isinstance(big, InputError) and big.line == 1 and "over the limit" in big.reason
    assert isinstance(small, SourceDocument) and small.text == "short"


# -- stdin ----------------------------------------------------------------------------------
class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(("Riga port reopens\n" + BODY).encode("utf-8")))
    (doc,) = read_all("-")
    assert doc.source == "-"
    assert doc.format == "txt"
    assert doc.title == "Riga port reopens"
    assert BODY in doc.text


def test_stdin_jsonl(monkeypatch):
    data = json.dumps({"id": "s1", "text": "Riga port reopened."}) + "\n" + "{oops\n"
    monkeypatch.setattr(sys, "stdin", FakeStdin(data.encode("utf-8")))
    doc, error = read_all("-", stdin_format="jsonl")
    assert (doc.source, doc.format, doc.text) == ("-#s1", "jsonl", "Riga port reopened.")
    assert isinstance(error, InputError) and error.line == 2


def test_stdin_over_max_bytes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"a" * 200))
    (error,) = read_all("-", max_bytes=100)
    assert isinstance(error, InputError)
    assert error.source == "-"


# -- folders --------------------------------------------------------------------------------
def test_folder_is_read_recursively_sorted_supported_only(tmp_path):
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.jsonl", "sub/e.TXT", "notes.pdf", "data.csv",
                ".hidden/x.txt", "sub/.cache/y.txt", ".dotfile.txt"]:
        write(root / rel, "x")
    found = list(iter_input_paths([str(root)]))
    expected = sorted(root / rel for rel in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.jsonl", "sub/e.TXT"])
    assert found == [str(p) for p in expected]


def test_inputs_keep_their_order(tmp_path):
    b = write(tmp_path / "b.txt", "Second article body here.")
    a = write(tmp_path / "a.txt", "First article body here.")
    items = read_all(b, tmp_path / "missing.txt", a)
    assert [type(i) for i in items] == [SourceDocument, InputError, SourceDocument]
    assert [i.text for i in items if isinstance(i, SourceDocument)] == ["Second article body here.",
                                                                        "First article body here."]


# -- bad inputs -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n  \n", "empty"),
        ("blank-nbsp.txt", "\u00a0\u2003\n".encode("utf-8"), "white space"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x00\x00 binary", "binary"),
        ("controls.md", b"\x01\x02\x03\x04\x05\x06 text \x07\x08", "binary"),
        ("page.pdf", b"%PDF-1.4 text", "unsupported file type '.pdf'"),
        ("README", b"Plain words without a suffix.", "unsupported file type '(none)'"),
    ],
)
def test_bad_file_yields_an_error_and_the_batch_goes_on(tmp_path, name, content, reason):
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", "Riga port reopened.")
    items = read_all(bad, good)
    assert isinstance(items[0], InputError), items[0]
    assert reason in items[0].reason
    assert isinstance(items[1], SourceDocument) and items[1].text == "Riga port reopened."


def test_missing_path(tmp_path):
    missing = tmp_path / "nowhere" / "a.txt"
    (error,) = read_all(missing)
    assert isinstance(error, InputError)
    assert error.source == str(missing)
    assert "no such file" in error.reason


def test_file_over_max_bytes(tmp_path):
    path = write(tmp_path / "long.txt", "Riga port reopened. " * 20)
    (error,) = read_all(path, max_bytes=100)
    assert isinstance(error, InputError)
    assert "--max-bytes" in error.reason
    assert isinstance(read_all(path, max_bytes=1000)[0], SourceDocument)


def test_latin1_file_is_decoded_with_a_warning(tmp_path):
    path = write(tmp_path / "old.txt", "Tickets cost £40 at the Riga terminal.\n".encode("latin-1"))
    doc = only_document(path)
    assert "£40" in doc.text
    (warning,) = doc.warnings
    assert "0xa3" in warning  # the byte that is not UTF-8
    assert "offset 13" in warning


def test_utf8_bom_is_dropped(tmp_path):
    doc = only_document(write(tmp_path / "bom.txt", "\ufeffRiga port reopened.".encode("utf-8")))
    assert doc.text == "Riga port reopened."
    assert doc.warnings == ()


# -- hashing --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["Riga port reopened.", "Tickets cost £40 — in Tartu: ½ price.", "x"])
def test_sha256_is_the_hash_of_the_text(text):
    doc = SourceDocument(source="s", text=text)
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
