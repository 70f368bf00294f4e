"""Ranking the places a name may mean: candidates from the index, context, ties, seats and rivals."""
