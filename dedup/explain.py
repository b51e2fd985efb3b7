"""`dedup explain OUT DOC_ID`: one document in the terminal with its removed spans marked.

Each removed span is shown in place as `[n ...]` (struck through and coloured on a terminal) and
listed below with its reason; duplicates also show the kept copy they matched. Built from what
the run wrote, like the report.
"""
from __future__ import annotations

from difflib import get_close_matches

from rich.console import Group
from rich.text import Text

from .report.data import Doc, Removed, Run, RunError
from .report.pairs import kept_paragraph

COLORS = {"duplicate": "red", "boilerplate": "yellow", "other": "magenta"}  # by `Removed.kind`


def find(run: Run, doc_id: str) -> Doc:
    """The document `doc_id`, or a RunError naming the closest ids."""
    if doc_id in run.docs:
        return run.docs[doc_id]
    close = get_close_matches(doc_id, list(run.docs), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise RunError(f"no document {doc_id!r} in {run.out}{hint}")


def explain(run: Run, doc: Doc) -> Group:
    """The document's header, its marked text, and one note per removed span."""
    header = Text.assemble((doc.id, "bold"), f"  {doc.source}  ", (doc.status, "bold"))
    if doc.duplicate_of:
        header.append(f"  duplicate of {doc.duplicate_of}")
    if doc.error:
        return Group(header, Text(f"error: {doc.error}", style="red"))
    header.append(f"  {doc.chars_in - doc.chars_out:,} of {doc.chars_in:,} characters removed")
    return Group(header, Text(), _marked(doc), Text(), *(_note(run, n, span) for n, span in
                                                         enumerate(doc.removed, start=1)))


def _marked(doc: Doc) -> Text:
    """The repaired text with each removed span as `[n text]`; its white space stays outside."""
    text, cursor = Text(), 0
    for number, span in enumerate(doc.removed, start=1):
        text.append(doc.text[cursor : span.start])
        core = span.text.strip()
        lead = span.text[: len(span.text) - len(span.text.lstrip())]
        trail = span.text[len(lead) + len(core):]
        color = COLORS[span.kind]
        text.append(lead)
        text.append(f"[{number} ", style=f"bold reverse {color}")
        text.append(core, style=f"strike {color}")
        text.append("]", style=f"bold reverse {color}")
        text.append(trail)
        cursor = span.end
    text.append(doc.text[cursor:])
    return text


def _note(run: Run, number: int, span: Removed) -> Text:
    note = Text.assemble((f"[{number}]", "bold"), f" {span.reason}")
    if span.duplicate_of is not None and span.paragraph is not None:
        note.append(f" of {span.duplicate_of} paragraph {span.paragraph} (similarity {span.similarity:.2f}); "
                    f"kept copy:\n    ")
        note.append(kept_paragraph(run, span), style="green")
    return note
