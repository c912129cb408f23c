"""The packaged Chinese font renders every catalog, task and status text without a missing glyph.

The fast tests run against whatever font is set up (on a fresh machine: the packaged variable Noto Sans
CJK SC itself, no cache). The build of the static Regular cache takes about a minute and is marked slow;
it builds into a temporary cache folder and then renders the same texts with the built font.
"""

from __future__ import annotations

import io
import warnings
from importlib.resources import files
from pathlib import Path

import pytest

from liulin_data import load_targets, load_tasks
from liulin_data.core.statuses import STATUS_LABELS
from liulin_data.present import fonts

# characters the charts put in labels besides the catalog's own text
LABEL_SYMBOLS = "≥≤−％×·（）：；，。、“”《》—–…±%0123456789.-+"


def _label_texts() -> list[str]:
    targets = load_targets()
    texts: list[str] = []
    for col in ("indicator", "unit", "task", "section"):
        texts += [str(v) for v in targets[col].dropna().unique() if str(v).strip()]
    texts += [str(v) for v in load_tasks()["task"].dropna().unique()]
    texts += list(STATUS_LABELS.values())
    texts += ["示例数据（合成）", "截至月份", "当月", "累计", LABEL_SYMBOLS]
    return texts


def _render_all(texts: list[str]) -> bytes:
    """Draw every text in one figure and save it as PNG, with any warning turned into an error."""
    from liulin_data.present.charts import new_figure

    fig, ax = new_figure(figsize=(8, max(4, len(texts) * 0.16)))
    ax.set_axis_off()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for k, text in enumerate(texts):
            ax.text(0, 1 - k / len(texts), text, fontsize=7, transform=ax.transAxes)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _assert_no_glyph_warnings(texts: list[str]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = _render_all(texts)
    bad = [
        str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from font" in str(w.message)
    ]
    assert not bad, bad[:5]
    assert png.startswith(b"\x89PNG")


@pytest.fixture
def empty_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LIULIN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cache_dir_follows_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("LIULIN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_dir() == tmp_path / "xdg" / "liulin_data"
    monkeypatch.setenv("LIULIN_CACHE_DIR", str(tmp_path / "own"))
    assert fonts.cached_font_path() == tmp_path / "own" / fonts.CACHE_FONT_NAME


def test_packaged_font_is_there():
    path = fonts.font_path()
    assert path.name == "NotoSansCJK-VF.otf.ttc"
    assert path.stat().st_size > 10_000_000


def test_variable_font_alone_renders_every_label(empty_cache, caplog):
    import matplotlib
    from matplotlib import font_manager

    family = fonts.use_cjk_font()
    assert family == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.family"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    found = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
    assert Path(found).resolve() == fonts.font_path().resolve()
    _assert_no_glyph_warnings(_label_texts())


def test_use_cjk_font_is_idempotent(empty_cache):
    import matplotlib

    first = fonts.use_cjk_font()
    families = list(matplotlib.rcParams["font.family"])
    for _ in range(5):
        assert fonts.use_cjk_font() == first == "Noto Sans CJK SC"
    assert list(matplotlib.rcParams["font.family"]) == families


def test_subset_covers_catalog_report_and_labels():
    chars = set(fonts.subset_chars())
    report = (files("liulin_data") / "plans" / "liulin-2026" / "report.txt").read_text(encoding="utf-8")
    needed = set("".join(_label_texts())) | set(report) | set("≥≤−％×·")
    needed = {c for c in needed if c.isprintable()}
    assert needed <= chars, sorted(needed - chars)[:20]


@pytest.mark.slow
def test_build_cache_and_render_with_regular(empty_cache):
    """Builds the static Regular subset (about a minute) and renders every label with it."""
    import matplotlib
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    path = fonts.build_font_cache()
    assert path == fonts.cached_font_path() and path.exists()
    assert not list(empty_cache.glob(".tmp-*")), "temporary files left behind"
    font = TTFont(str(path))
    assert font["name"].getDebugName(1) == "Liulin Sans SC"
    assert font["OS/2"].usWeightClass == 400
    assert "fvar" not in font, "the cached font must be a static instance"
    cmap = font.getBestCmap()
    missing = [c for c in set("".join(_label_texts())) if c.isprintable() and ord(c) not in cmap and c != " "]
    assert not missing, missing[:20]

    family = fonts.use_cjk_font()
    assert family == "Liulin Sans SC"
    assert matplotlib.rcParams["font.family"][:3] == ["Liulin Sans SC", "Noto Sans CJK SC", "DejaVu Sans"]
    found = font_manager.findfont(
        font_manager.FontProperties(family=["Liulin Sans SC"]), fallback_to_default=False
    )
    # the file behind the family is a Liulin cache (an earlier test in the session may have registered the
    # user's own cache under the same family first); this build is registered with matplotlib
    assert Path(found).name == fonts.CACHE_FONT_NAME
    assert TTFont(str(found))["name"].getDebugName(1) == "Liulin Sans SC"
    assert any(Path(e.fname).resolve() == path.resolve() for e in font_manager.fontManager.ttflist)
    _assert_no_glyph_warnings(_label_texts())
    # a character outside GB2312 still renders: the variable face is the per-glyph fallback
    _assert_no_glyph_warnings(["柳林县 㙟 堃"])
    assert fonts.build_font_cache() == path  # second call: cached, no rebuild


def test_damaged_cache_falls_back_to_the_variable_font(empty_cache, caplog):
    empty_cache.mkdir(parents=True)
    fonts.cached_font_path().write_bytes(b"not a font")
    with caplog.at_level("WARNING", logger="liulin_data.present.fonts"):
        assert fonts.use_cjk_font() == "Noto Sans CJK SC"
    assert "liulin fonts --force" in caplog.text
    _assert_no_glyph_warnings(["原煤产量（万吨）", "已逾期"])
