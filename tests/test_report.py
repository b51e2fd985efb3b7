"""OUT/report.html: built from what a run wrote, self-contained, and rendered by a real browser."""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from dedup import Pipeline
from dedup.cli import main
from dedup.repair import repair
from dedup.report import write_report
from dedup.report.data import RunError, load_run
from dedup.report.pairs import clusters, kept_pairs, removed_pairs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORY = "001_4a9ba82fc4cce741"  # its paragraphs are edited into records.jsonl
FIRST = "000_e4e87a6441ad4561"  # copied with one name changed as 005_copy.txt
PLOTS = ["removed-chars", "cluster-sizes", "similarity", "s-curve"]


def _edit(line: str, positions: list[int]) -> str:
    """`line` with the words at `positions` changed, which lowers its similarity by a known step."""
    words = line.split(" ")
    for position in positions:
        words[position] = "zz" + words[position]
    return " ".join(words)


def demo_corpus(root: Path) -> Path:
    """The seeds, a near copy of one seed, and JSONL records: near misses, a near duplicate, an error."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    first = (SEEDS / f"{FIRST}.txt").read_text("utf-8")
    (corpus / "005_copy.txt").write_text(first.replace("Biden", "Harris"), "utf-8")
    story = (SEEDS / f"{STORY}.txt").read_text("utf-8").splitlines()
    text = "\n".join(["Share this post", _edit(story[4], [8, 20, 32, 44]), _edit(story[5], [20]),
                      _edit(story[6], [8, 20, 32, 44]),
                      "A closing sentence of our own that says something no other page in this corpus says."])
    records = [{"id": "r1", "text": text}, {"id": "r2", "body": "a record without its text field"}]
    (corpus / "more").mkdir()
    (corpus / "more" / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return corpus


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    out = root / "out"
    Pipeline().run(demo_corpus(root), out)
    write_report(out)
    return out


def test_every_document_is_rebuilt_from_the_output(out: Path) -> None:
    run = load_run(out)
    statuses = {doc.id: doc.status for doc in run.docs.values()}
    assert statuses == {FIRST: "kept", STORY: "kept", "002_8f3e413f6ae2009f": "cleaned",
                        "003_216f1c435a64fa5c": "cleaned", "004_59524076cc088d3e": "cleaned",
                        "005_copy": "dropped", "r1": "cleaned", "r2": "error"}
    corpus = out.parent / "corpus"
    for doc_id in statuses:
        if doc_id.startswith("r"):
            continue
        assert run.docs[doc_id].text == repair((corpus / f"{doc_id}.txt").read_text("utf-8")), doc_id
    record = json.loads((corpus / "more" / "records.jsonl").read_text("utf-8").splitlines()[0])
    assert run.docs["r1"].text == repair(record["text"])
    story = (SEEDS / f"{STORY}.txt").read_text("utf-8").splitlines()
    assert run.docs["r1"].kept.splitlines() == [_edit(story[4], [8, 20, 32, 44]), _edit(story[6], [8, 20, 32, 44]),
                                                record["text"].splitlines()[-1]]


def test_load_run_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(RunError, match="is not the output of a finished dedup clean"):
        load_run(tmp_path)


def test_clusters_group_copies_under_the_kept_paragraph_or_document(out: Path) -> None:
    found = clusters(load_run(out))
    assert len(found) == 23
    assert [(c.kept_id, c.paragraph, c.size, [(p.right_id, p.similarity) for p in c.copies]) for c in found[:3]] == [
        ("002_8f3e413f6ae2009f", 8, 3, [("002_8f3e413f6ae2009f", 1.0), ("002_8f3e413f6ae2009f", 1.0)]),
        (FIRST, None, 2, [("005_copy", 0.9653)]),
        (STORY, 5, 2, [("r1", 0.8864)]),
    ]


def test_pairs_on_both_sides_of_the_threshold(out: Path) -> None:
    run = load_run(out)
    removed = [(p.left_id, p.right_id, p.similarity) for p in removed_pairs(run)]
    assert len(removed) == 33
    assert removed[:3] == [(FIRST, "005_copy", 0.7368), (STORY, "r1", 0.8864), (FIRST, "005_copy", 0.9167)]
    kept = kept_pairs(run)
    assert [(p.left_id, p.right_id, p.similarity) for p in kept] == [
        (STORY, "r1", 0.6923), (STORY, "r1", 0.5789)]  # exact Jaccard of the 5-gram sets
    assert kept[1].right == _edit((SEEDS / f"{STORY}.txt").read_text("utf-8").splitlines()[4], [8, 20, 32, 44])


def test_report_is_self_contained_with_every_section(out: Path) -> None:
    page = (out / "report.html").read_text("utf-8")
    assert re.findall(r'<svg class="plot" data-plot="([^"]+)"', page) == PLOTS
    assert not re.search(r"<script|(src|href)=\"(https?:)?//", page)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids clash between plots"
    cards = re.findall(r'<div class="card"><b>([^<]+)</b>([^<]+)</div>', page)
    assert cards == [("8", "documents in"), ("2", "kept"), ("4", "cleaned"), ("1", "dropped"), ("1", "error"),
                     ("23,586", "characters in"), ("15,449", "characters out"), ("34.5%", "characters removed"),
                     ("43", "spans removed"), ("23", "duplicate clusters"), ("2", "near misses kept")]
    assert page.count('<div class="pair">') == 10 + 8 + 2  # clusters, just above, just below
    assert "an LSH index at 0.5 (threshold - 0.2), and measured exactly on the shingle sets" in page
    assert "<del>Biden</del>" in page and "<ins>Harris</ins>" in page
    assert page.count("<details>") == 6  # every document with removed spans or an error
    assert '<del class="boilerplate" title="boilerplate:share">Share this post\n</del>' in page


def test_report_is_reproducible(out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (copy / "report.html").unlink()
    assert main(["report", str(copy), "--quiet"]) == 0
    assert (copy / "report.html").read_bytes() == (out / "report.html").read_bytes()


def test_clean_writes_the_report_unless_told_not_to(tmp_path: Path) -> None:
    assert main(["clean", str(SEEDS), str(tmp_path / "a"), "--quiet"]) == 0
    assert (tmp_path / "a" / "report.html").is_file()
    assert main(["clean", str(SEEDS), str(tmp_path / "b"), "--quiet", "--no-report"]) == 0
    assert not (tmp_path / "b" / "report.html").exists()


def test_report_of_a_folder_that_is_not_a_run_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "is not the output of a finished dedup clean" in capsys.readouterr().err


# --- in a real browser -------------------------------------------------------------------------

def chromium() -> str:
    """Debian's chromium, installed on first use; skipped only where apt has no such package."""
    if shutil.which("chromium"):
        return "chromium"
    if shutil.which("apt-get") is None:
        pytest.skip("not a Debian system: the chromium package cannot exist here")
    subprocess.run(["apt-get", "update"], check=True, capture_output=True)
    policy = subprocess.run(["apt-cache", "policy", "chromium"], check=True, capture_output=True, text=True).stdout
    if "Candidate:" not in policy or "Candidate: (none)" in policy:
        pytest.skip("apt has no chromium package here")
    subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, capture_output=True)
    return "chromium"


class Page:
    """A minimal DevTools protocol client for one page: commands, events, console errors."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.events: list[dict[str, Any]] = []
        self._next = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        self.socket.send(json.dumps({"id": self._next, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._next:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def load(self, url: str) -> None:
        """Navigate and wait for the load event (events that arrived meanwhile are kept)."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            self.events.append(json.loads(self.socket.recv()))

    def evaluate(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["value"]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (failed loads) so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(" ".join(str(arg.get("value")) for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"]["text"])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found


@contextmanager
def browser_page(tmp_path: Path) -> Iterator[Page]:
    """Headless Chromium on a loopback DevTools port, with one page attached."""
    import websocket  # the test extra; only this test needs it

    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,1800",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.is_file() or not port_file.read_text().strip():
            assert process.poll() is None and time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        targets = json.load(urlopen(f"http://127.0.0.1:{port}/json/list"))
        target = next(t for t in targets if t["type"] == "page")
        socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        page = Page(socket)
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        yield page
        socket.close()
    finally:
        process.terminate()
        process.wait()


def test_report_renders_in_chromium_without_console_errors(out: Path, tmp_path: Path) -> None:
    with browser_page(tmp_path) as page:
        page.load((out / "report.html").as_uri())
        shown = page.evaluate(
            "Array.from(document.querySelectorAll('svg.plot'))"
            ".map(s => [s.dataset.plot, s.getBoundingClientRect().width > 300, s.querySelectorAll('path').length > 5])")
        assert shown == [[name, True, True] for name in PLOTS]
        assert page.evaluate("document.querySelectorAll('details').length") == 6
        assert page.errors() == []
        screenshot = base64.b64decode(page.send("Page.captureScreenshot", format="png")["data"])
        assert screenshot.startswith(b"\x89PNG")
        # the check itself works: a page with a console error and a missing image is caught
        broken = tmp_path / "broken.html"
        broken.write_text('<script>console.error("boom")</script><img src="missing.png">', "utf-8")
        page.load(broken.as_uri())
        page.evaluate("1")
        assert sorted(page.errors()) == ["Failed to load resource: net::ERR_FILE_NOT_FOUND", "boom"]
