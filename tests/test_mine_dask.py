"""The dask engine on a loopback LocalCluster gives the same tables as the default engine."""

from __future__ import annotations

import pytest

from mining.corpus import mine
from mining.corpus.synthetic import generate_corpus

from .test_mine import assert_same

distributed = pytest.importorskip("distributed")


def test_dask_engine_matches_local(tmp_path):
    folder = tmp_path / "corpus"
    generate_corpus(folder, n_agencies=6, years=(2023, 2024), formats=("txt", "md", "docx"))
    local = mine([folder], tmp_path / "local", workers=2)
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = mine([folder], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert remote.stats.engine == "dask" and remote.stats.analysed == local.stats.analysed
    assert len(local.reports) + len(local.errors[local.errors["fatal"]]) == 12
    assert_same(local, remote)
