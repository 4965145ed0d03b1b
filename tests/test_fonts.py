"""Plots must render Chinese on a fresh machine: the CJK font comes with the Python dependencies."""

from __future__ import annotations

import glob

from mining.corpus.study import _bundled_font_globs


def test_bundled_cjk_font_is_installed_and_loadable():
    from matplotlib import font_manager

    paths = [p for g in _bundled_font_globs() for p in glob.glob(g)]
    assert paths, "cvttf-NotoSansCJK-Regular is a dependency; its font file must be installed"
    font_manager.fontManager.addfont(paths[0])
    name = font_manager.FontProperties(fname=paths[0]).get_name()
    assert "CJK" in name
