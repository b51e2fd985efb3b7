"""The vectorized global step gives the same answers as the plain definitions it replaces."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from dedup.analyze import Analysis, line_table
from dedup.document import Document
from dedup.duplicates.bands import band_key_matrix, required_agreement
from dedup.duplicates.index import KeptIndex, bucket_ids, sharing
from dedup.duplicates.lsh import LSHIndex
from dedup.duplicates.paragraphs import ExactKeys
from dedup.duplicates.unionfind import UnionFind, smallest_roots
from dedup.duplicates.verify import similar_pairs
from dedup.fingerprint.minhash import similarity
from dedup.packed import PackedRows, Ragged


def clustered_signatures(seed: int, count: int = 300, num_perm: int = 128) -> list[np.ndarray | None]:
    """Signatures in families of near copies (a few permutations changed), some missing."""
    rng = np.random.default_rng(seed)
    signatures: list[np.ndarray | None] = []
    for _ in range(count):
        if signatures and rng.random() < 0.6:
            base = signatures[rng.integers(len(signatures))]
            if base is not None:
                copy = base.copy()
                changed = rng.integers(num_perm, size=rng.integers(0, 90))
                copy[changed] = rng.integers(0, 50, size=len(changed), dtype=np.uint32)
                signatures.append(copy)
                continue
        signatures.append(None if rng.random() < 0.05 else rng.integers(0, 50, size=num_perm, dtype=np.uint32))
    return signatures


def dictionary_pairs(signatures: list[np.ndarray | None], threshold: float, num_perm: int) -> set:
    """The definition: dictionary buckets, each candidate verified on its full signature."""
    index = LSHIndex(threshold, num_perm)
    pairs = set()
    for position, signature in enumerate(signatures):
        if signature is None:
            continue
        for other in index.candidates(signature):
            score = similarity(signatures[other], signature)  # type: ignore[arg-type]
            if score >= threshold:
                pairs.add((other, position, score))
        index.add(position, signature)
    return pairs


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("threshold", [0.3, 0.7, 0.9])
def test_band_join_finds_the_dictionary_pairs(seed: int, threshold: float) -> None:
    signatures = clustered_signatures(seed)
    found = similar_pairs(signatures, threshold, 128)
    assert set(found) == dictionary_pairs(signatures, threshold, 128)
    assert found == sorted(found, key=lambda p: (p[1], p[0]))
    assert similar_pairs(signatures, threshold, 128, threads=3) == found


def test_oversized_buckets_are_skipped_and_the_rest_kept() -> None:
    same = np.zeros(128, dtype=np.uint32)
    signatures: list[np.ndarray | None] = [same.copy() for _ in range(5)]
    assert len(similar_pairs(signatures, 0.7, 128)) == 10
    assert similar_pairs(signatures, 0.7, 128, max_bucket=4) == []
    assert len(similar_pairs(signatures, 0.7, 128, max_bucket=5)) == 10


def test_required_agreement_matches_the_float_comparison() -> None:
    for threshold in (0.0, 0.3, 0.5, 0.7, 0.8, 1.0):
        need = required_agreement(threshold, 128)
        assert need / 128 >= threshold and (need == 0 or (need - 1) / 128 < threshold)


@pytest.mark.parametrize("seed", [0, 1])
def test_smallest_roots_agree_with_union_find(seed: int) -> None:
    rng = np.random.default_rng(seed)
    low = rng.integers(0, 200, size=150)
    high = rng.integers(0, 200, size=150)
    found = UnionFind()
    for a, b in zip(low.tolist(), high.tolist()):
        found.union(a, b)
    assert smallest_roots(200, low, high).tolist() == [found.find(i) for i in range(200)]


def test_kept_index_answers_as_the_dictionary_index() -> None:
    """Rows are queried in batches (documents) and then some are kept, as in the keep pass."""
    signatures = [s for s in clustered_signatures(3) if s is not None]
    matrix = np.stack(signatures)
    index = KeptIndex(bucket_ids(band_key_matrix(matrix, 20, 6)), 128, 90)
    reference = LSHIndex(0.7, 128)
    rng = np.random.default_rng(3)
    all_kept: list[int] = []
    for start in range(0, len(matrix), 7):
        batch = list(range(start, min(start + 7, len(matrix))))
        kept, earlier = index.query(batch, matrix[batch])
        for position, row in enumerate(batch):
            expected = {(other, int(np.count_nonzero(matrix[other] == matrix[row])))
                        for other in reference.candidates(matrix[row])}
            assert set(kept.get(row, [])) == {(o, s) for o, s in expected if s >= 90}
            local = LSHIndex(0.7, 128)
            for other in batch[:position]:
                local.add(other, matrix[other])
            expected_local = {(o, int(np.count_nonzero(matrix[o] == matrix[row]))) for o in local.candidates(matrix[row])}
            assert set(earlier.get(row, [])) == {(o, s) for o, s in expected_local if s >= 90}
        chosen = [row for row in batch if rng.random() < 0.5]
        index.add(chosen, matrix[chosen])
        all_kept += chosen
        for row in chosen:
            reference.add(row, matrix[row])
    assert index.count == len(all_kept) and (index.kept[index.slots[all_kept]] == matrix[all_kept]).all()


def test_kept_index_keeps_the_signatures_of_kept_rows_as_it_grows() -> None:
    matrix = np.random.default_rng(4).integers(0, 2**32, size=(3000, 128), dtype=np.uint32)
    index = KeptIndex(bucket_ids(band_key_matrix(matrix, 20, 6)), 128, 90)
    for start in range(0, 3000, 300):
        index.add(list(range(start + 1, start + 300, 2)), matrix[start + 1 : start + 300 : 2])
    kept = list(range(1, 3000, 2))
    assert index.count == 1500 and len(index.kept) >= 1500
    assert (index.kept[index.slots[kept]] == matrix[kept]).all() and (index.slots[::2] == -1).all()


def test_sharing_marks_the_rows_that_share_a_band_key_in_any_block_split() -> None:
    rng = np.random.default_rng(5)
    matrix = rng.integers(0, 2**32, size=(6, 128), dtype=np.uint32)
    matrix[3, :6] = matrix[0, :6]  # band 0 of 20 x 6 rows
    matrix[4, 114:120] = matrix[2, 114:120]  # band 19
    matrix[5, 6:11] = matrix[1, 6:11]  # five of band 1's six rows: no shared key
    expected = [True, False, True, True, True, False]
    assert sharing([matrix], 6, 20, 6).tolist() == expected
    assert sharing([matrix[:1], matrix[1:4], matrix[4:]], 6, 20, 6).tolist() == expected


def test_exact_key_numbers_partition_as_the_plain_keys() -> None:
    """Long paragraphs share a number when their texts do; short ones only within a group."""
    rng = np.random.default_rng(7)
    order, plain = [], []
    group_of = [0, 0, 2, 3, 2]
    for rank in range(5):
        keys = rng.integers(0, 4, size=12).astype(np.uint64) * np.uint64(2**62)  # few distinct texts
        words = rng.integers(1, 20, size=12).astype(np.int32)
        order.append(Analysis(Document(id=str(rank), text="", source="s"),
                              line_table(keys, words, np.zeros(len(keys), np.bool_))))
        plain += [int(k) if w >= 10 else (group_of[rank] + 1) << 64 | int(k) for k, w in zip(keys, words)]
    exact = ExactKeys(order, group_of, 10)
    numbers = [n for rank in range(5) for n in exact.of(rank)]
    assert len(set(numbers)) == len(set(plain)) == len(exact.kept)
    assert all((numbers[i] == numbers[j]) == (plain[i] == plain[j]) for i in range(60) for j in range(60))
    exact.setdefault(numbers[5], 7)
    exact.setdefault(numbers[5], 9)
    assert exact.get(numbers[5]) == 7 and exact.get(next(n for n in numbers if n != numbers[5])) is None


def test_packed_arrays_read_and_pickle_like_dicts() -> None:
    arrays = {2: np.array([5, 7], np.uint32), 4: np.array([], np.uint32), 9: np.array([1], np.uint32)}
    ragged = pickle.loads(pickle.dumps(Ragged.pack(arrays, np.uint32)))
    assert {k: v.tolist() for k, v in ragged.items()} == {k: v.tolist() for k, v in arrays.items()}
    rows = pickle.loads(pickle.dumps(PackedRows(np.array([1, 3]), np.arange(6, dtype=np.uint32).reshape(2, 3))))
    assert sorted(rows) == [1, 3] and rows[3].tolist() == [3, 4, 5] and rows.get(2) is None
    with pytest.raises(KeyError):
        ragged[3]
