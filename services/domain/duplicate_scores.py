"""Pairwise scores of duplicate grouping against labelled clusters: every pair of emails is
either the same requirement or not, in the labels and in the prediction."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PairScores:
    emails: int
    true_pairs: int  # pairs the labels call the same requirement
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def pair_scores(predicted: Sequence[Hashable], labelled: Sequence[Hashable]) -> PairScores:
    """``predicted[i]`` and ``labelled[i]`` are item i's group and labelled cluster (an item: an
    email, or one job of an email)."""
    true_pairs = predicted_pairs = correct = 0
    for i, j in itertools.combinations(range(len(labelled)), 2):
        same = labelled[i] == labelled[j]
        guessed = predicted[i] == predicted[j]
        true_pairs += same
        predicted_pairs += guessed
        correct += same and guessed
    return PairScores(len(labelled), true_pairs, predicted_pairs, correct)
