"""Loaded once by the local engine's fork server (`local.py`), so every pool worker forked
from it starts with dedup imported and the compiled kernels loaded: about 1 s of CPU that each
spawned worker used to pay again (numba's start-up imports scipy, among others)."""
from ..analyze import Analyzer
from ..config import Config
from ..document import Document

_TEXT = "A short line.\nA paragraph long enough to be signed, with 12 words and one figure in it.\nEnd."
Analyzer(Config())(Document("warm", _TEXT, "warm"))
