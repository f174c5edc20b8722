"""A compacted log (rows standing for n identical contacts, as the Dask path
makes) counts interactions like the full log everywhere people read them."""

from __future__ import annotations

import pandas as pd

from reterete.distributed import compact
from reterete.metrics.temporal import activity, timeline


def test_compacted_log_counts_like_the_full_log(cremona_net):
    small = compact(cremona_net)
    assert len(small.interactions) < len(cremona_net.interactions)  # it did compact
    assert small.n_interactions == cremona_net.n_interactions == len(cremona_net.interactions)
    pd.testing.assert_frame_equal(activity(small), activity(cremona_net))
    pd.testing.assert_series_equal(timeline(small)["interactions"],
                                   timeline(cremona_net)["interactions"])
    assert f"{cremona_net.n_interactions} interactions" in repr(small)
