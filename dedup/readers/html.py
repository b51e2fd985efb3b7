"""HTML pages: one document per file, the main text as trafilatura finds it.

Trafilatura reads the markup (link density, tag structure) that plain text no longer has, so the
article body comes out with its paragraphs; our own line stripping and dedup run on it after.
The page title, author and date it finds go into the document's metadata.

On some pages trafilatura settles on a fragment (a teaser box, the first section of a long
article). resiliparse's main-content text is looser but rarely misses the body, so when
trafilatura's text has under FALLBACK_SHARE of the words of the article our block model finds
in it (`boilerplate.article_words`), the page's text is resiliparse's,
marked as such: the stripper then runs its full block model on it, as on a naive scrape.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from resiliparse.parse.html import HTMLTree

from ..boilerplate import EXTRACTOR, article_words
from ..config import Config
from ..document import Document
from .streams import open_capped

if TYPE_CHECKING:
    from . import Source

# favor_recall first: on 793 real article pages it keeps more of the body (R 0.940 vs 0.907 for
# favor_precision, F1 0.934 vs 0.919; benchmarks/boilerplate); the precise pass is the fallback.
RECALL_ORDER = (True, False)
_METADATA = {"title": "title", "author": "byline", "date": "date"}  # trafilatura name -> ours
# On 793 real article pages (benchmarks/boilerplate) trafilatura keeps under a fifth of the
# article our block model finds in resiliparse's text on 15 of them (2%), nearly always a fragment of
# the body: the fallback there raises recall 0.940 -> 0.955 and F1 0.935 -> 0.942; at 0.3 or 0.4
# it starts to replace good pages.
FALLBACK_SHARE = 0.2


def extract(html: bytes | str) -> tuple[str, dict[str, Any]]:
    """Main text of a page (paragraphs one per line) and its title, byline and date if found.

    trafilatura's text, or resiliparse's where trafilatura's is a small part of it (see
    FALLBACK_SHARE); `metadata[EXTRACTOR]` names the one used. A page with no text gives "".
    """
    text, metadata = extract_trafilatura(html)
    loose = extract_main_content(html)
    words = len(text.split())
    # article_words(loose) <= the words of loose: the block model runs only where it can decide
    if words < FALLBACK_SHARE * len(loose.split()) and words < FALLBACK_SHARE * article_words(loose):
        return loose, {**metadata, EXTRACTOR: "resiliparse"}
    return text, metadata


def extract_main_content(html: bytes | str) -> str:
    """resiliparse's main-content text, one paragraph a line as trafilatura's: its own DOM rules
    (link density, tag and class names)."""
    if isinstance(html, bytes):
        html = bytes_to_str(html, detect_encoding(html))
    text = extract_plain_text(HTMLTree.parse(html), main_content=True)
    return "\n".join(line for line in text.splitlines() if line.strip())


def extract_trafilatura(html: bytes | str) -> tuple[str, dict[str, Any]]:
    """trafilatura's main text and metadata.

    The pass that favours recall runs first; a page where it finds no body gets the precise pass;
    a page with no text at all gives "".
    """
    found = None
    for recall in RECALL_ORDER:
        found = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True,
                                            deduplicate=False, favor_recall=recall)
        if found is not None and (found.text if hasattr(found, "text") else found.get("text")):
            break
    if found is None:
        return "", {}
    values = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    metadata = {ours: values[theirs] for theirs, ours in _METADATA.items() if values.get(theirs)}
    metadata[EXTRACTOR] = "trafilatura"  # position rules for naive scrapes do not apply
    return values.get("text") or "", metadata


def read(source: Source, config: Config) -> Iterator[Document]:
    yield _document(source, config)


def _document(source: Source, config: Config) -> Document:
    with open_capped(source.path, config.max_input_bytes) as stream:
        data = stream.read()
    if not data.strip():
        return Document(id=source.stem, text="", source=source.relpath, error="empty file")
    text, metadata = extract(data)
    return Document(id=source.stem, text=text, source=source.relpath, metadata=metadata)
