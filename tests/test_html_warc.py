"""HTML pages and WARC response records read through trafilatura into the usual pipeline."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from helpers import ARTICLE_PARAGRAPHS, run_clean
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dedup.readers import detect_format

PARAGRAPHS = ARTICLE_PARAGRAPHS
TITLE = "Council Approves River Park Budget"


def page(title: str, paragraphs: list[str]) -> str:
    """A small news page: menu, article with headline, related links, footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
            "<li><a href='/sport'>Sport</a></li></ul></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            "<aside><h2>Related</h2><ul><li><a href='/a'>Council Delays Vote on Library Hours</a></li>"
            "<li><a href='/b'>Mayor Names New Parks Director</a></li></ul></aside>"
            "<footer><p>Contact us</p><p>Privacy policy</p></footer></body></html>")


def warc_bytes(pages: dict[str, str]) -> bytes:
    """A gzipped WARC: a request, then an HTML response per page, then an image response."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warc_record("https://example.org/", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    for uri, html in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG"), http_headers=image))
    return buffer.getvalue()


def test_html_page_keeps_the_article_and_its_title(tmp_path: Path) -> None:
    (tmp_path / "in" / "news").mkdir(parents=True)
    (tmp_path / "in" / "news" / "park.html").write_text(page(TITLE, PARAGRAPHS), encoding="utf-8")
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert (tmp_path / "out" / "news" / "park.txt").read_text("utf-8") == "\n".join([TITLE, *PARAGRAPHS]) + "\n"
    record = manifest["news/park"]
    assert record["source"] == "news/park.html"
    assert record["metadata"]["title"] == TITLE
    assert record["metadata"]["extractor"] == "trafilatura"


def test_warc_html_responses_become_jsonl_records_by_uri(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    second = [("The school board agreed on Monday to extend the library opening hours at three schools in the "
               "northern district from the start of the next term."),
              "Parents had asked for the change in a petition signed by more than eight hundred families."]
    pages = {"https://example.org/park": page(TITLE, PARAGRAPHS),
             "https://example.org/board": page("Board Approves Park Budget", second)}
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(warc_bytes(pages))
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert sorted(manifest) == sorted(pages)
    lines = (tmp_path / "out" / "crawl.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [  # in record order, headline on top
        {"id": "https://example.org/park", "text": "\n".join([TITLE, *PARAGRAPHS])},
        {"id": "https://example.org/board", "text": "\n".join(["Board Approves Park Budget", *second])}]
    assert manifest["https://example.org/board"]["metadata"]["title"] == "Board Approves Park Budget"


def test_formats_are_sniffed_without_a_suffix(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_text("  <!doctype html><html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "crawl.dat").write_bytes(gzip.decompress(warc_bytes({})))
    (tmp_path / "page.htm").write_text("x", encoding="utf-8")
    assert [detect_format(tmp_path / n) for n in ("page.dat", "crawl.dat", "page.htm")] == ["html", "warc", "html"]


def test_html_extract_keeps_short_lines_and_drops_lexicon_debris(tmp_path: Path) -> None:
    """After trafilatura only the per-line rules run: a share prompt inside the article goes, a
    short closing line and a subheading stay where a naive scrape's position rules might cut."""
    paragraphs = [PARAGRAPHS[0], "What happens next", PARAGRAPHS[1], "Share this article", PARAGRAPHS[2],
                  "See you at the river."]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "park.html").write_text(page(TITLE, paragraphs), encoding="utf-8")
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    kept = [TITLE, PARAGRAPHS[0], "What happens next", PARAGRAPHS[1], PARAGRAPHS[2], "See you at the river."]
    assert (tmp_path / "out" / "park.txt").read_text("utf-8") == "\n".join(kept) + "\n"
    assert [(span["text"].strip(), span["reason"]) for span in manifest["park"]["removed"]] == [
        ("Share this article", "boilerplate:share")]


def test_a_page_where_trafilatura_finds_a_fragment_falls_back_to_resiliparse(tmp_path: Path) -> None:
    # The body sits in a container trafilatura discards by its id: it keeps only the menu and
    # headline (10 words), resiliparse finds the body, and the block model then trims its menu.
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = ("<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<main><h1>{TITLE}</h1><p>By Ann Lee</p><div id='comments'>{body}</div></main>"
            "<footer><p>Contact us</p></footer></body></html>")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "park.html").write_text(html, encoding="utf-8")
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert (tmp_path / "out" / "park.txt").read_text("utf-8") == "\n".join([TITLE, *PARAGRAPHS]) + "\n"
    record = manifest["park"]
    assert record["metadata"]["extractor"] == "resiliparse"
    assert record["metadata"]["byline"] == "By Ann Lee"
