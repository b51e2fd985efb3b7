"""Word-level differences between a kept text and its removed copy, marked up in HTML."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def highlight(kept: str, copy: str) -> tuple[str, str]:
    """Both texts as HTML; words only the kept text has are <del>, words only the copy has <ins>."""
    left, right = _TOKEN.findall(kept), _TOKEN.findall(copy)
    kept_html, copy_html = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        kept_part, copy_part = escape("".join(left[i1:i2])), escape("".join(right[j1:j2]))
        if tag == "equal":
            kept_html.append(kept_part)
            copy_html.append(copy_part)
            continue
        if kept_part:
            kept_html.append(f"<del>{kept_part}</del>")
        if copy_part:
            copy_html.append(f"<ins>{copy_part}</ins>")
    return "".join(kept_html), "".join(copy_html)
