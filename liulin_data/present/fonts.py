"""Chinese text in matplotlib without any system font: Noto Sans CJK SC from the pip package.

The pip package ``manimgx_fonts_cjk`` ships ``NotoSansCJK-VF.otf.ttc``, a *variable* OpenType
collection (faces JP, KR, SC, TC, HK; SIL Open Font Licence). matplotlib renders a variable
font's default instance, which for this font is Thin (weight 100): readable, but too light for
charts. :func:`build_font_cache` therefore makes, once, a static Regular (wght 400) instance of
the SC face subset to GB2312 plus every character of the shipped catalog and report texts, and
renames its family to ``Liulin Sans SC`` so it never clashes with the variable face.

:func:`use_cjk_font` registers that cached Regular as the first family, with the full variable
``Noto Sans CJK SC`` as matplotlib's per-glyph fallback (any character outside the subset still
renders, only lighter). Without the cache it uses the variable font alone and logs a hint to run
``liulin fonts``.

Usage in a notebook::

    from liulin_data.present.fonts import use_cjk_font
    use_cjk_font()
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

# the pip package that ships the font, and the collection file inside it
FONT_PACKAGE = "manimgx_fonts_cjk"
# variable OpenType collection (JP, KR, SC, TC, HK faces)
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
# face index of 'Noto Sans CJK SC' inside the collection
SC_FACE_INDEX = 2
# family name of the variable SC face, as matplotlib registers it
VARIABLE_FAMILY = "Noto Sans CJK SC"
# family name given to the cached static Regular instance (must not clash with any Noto name)
REGULAR_FAMILY = "Liulin Sans SC"
# weight of the static instance (OpenType 'wght' axis; 400 = Regular)
REGULAR_WEIGHT = 400
# file name of the cached static instance; bump the version when the build recipe changes
CACHE_FONT_NAME = "LiulinSansSC-Regular-v1.otf"
# sidecar recording what the cached font covers
CACHE_META_NAME = "LiulinSansSC-Regular-v1.json"
# OpenType layout features kept (the default set's 'locl'/'vert' closure doubles the glyphs and build time)
LAYOUT_FEATURES = ("ccmp", "kern", "liga", "palt", "halt")
# Latin fallback that ships with matplotlib
LATIN_FALLBACK = "DejaVu Sans"
# punctuation and symbols used in labels and messages, beyond ASCII and GB2312
EXTRA_CHARS = (
    "≥≤−＋－％×÷·•…—–‐‘’“”「」『』《》〈〉【】〔〕（）［］｛｝，。、；：？！～￥"
    "°℃‰±≈≠∞→←↑↓▲▼△▽●○◆◇■□★☆✓✔✗✘①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
    "０１２３４５６７８９㎡㎞㎏㎜㎝\u3000\u00a0\u202f"
)
# data file suffixes whose characters the subset must cover
_DATA_SUFFIXES = (".txt", ".csv", ".yaml", ".yml", ".md")
# loggers whose "findfont: ..." messages are noise for these faces
_NOISY_LOGGERS = ("matplotlib.font_manager",)

_state: dict[str, object] = {}


def font_path() -> Path:
    """Return the path of the packaged variable Noto Sans CJK collection.

    Returns
    -------
    pathlib.Path
        ``.../manimgx_fonts_cjk/NotoSansCJK-VF.otf.ttc``.
    """
    path = resources.files(FONT_PACKAGE) / FONT_FILE
    return Path(str(path))


def cache_dir() -> Path:
    """Return the cache folder: ``$LIULIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/liulin_data``, else ``~/.cache/liulin_data``."""
    env = os.environ.get("LIULIN_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "liulin_data"
    return Path.home() / ".cache" / "liulin_data"


def cached_font_path() -> Path:
    """Return where the static Regular instance is (or would be) cached."""
    return cache_dir() / CACHE_FONT_NAME


def _gb2312_chars() -> set[str]:
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def _shipped_text_chars() -> set[str]:
    """Every character of the package's shipped data files (plans: catalog, tasks, report text …)."""
    chars: set[str] = set()
    stack = [resources.files("liulin_data")]
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append(entry)
            elif entry.name.endswith(_DATA_SUFFIXES):
                try:
                    chars.update(entry.read_text(encoding="utf-8"))
                except (UnicodeDecodeError, OSError):
                    log.warning("字体子集：无法读取 %s，已跳过其字符", entry)
    return chars


def subset_chars() -> str:
    """Return the characters the cached Regular covers (sorted, as one string).

    GB2312 (≈7,500 characters and symbols), printable ASCII, :data:`EXTRA_CHARS` and every
    character of the shipped data files (``liulin_data/plans``, ``liulin_data/data``).
    """
    chars = _gb2312_chars()
    chars.update(chr(c) for c in range(0x20, 0x7F))
    chars.update(EXTRA_CHARS)
    chars.update(_shipped_text_chars())
    return "".join(sorted(c for c in chars if c.isprintable() or c in "\u3000\u00a0\u202f"))


def _rename_family(font, family: str) -> None:
    """Give the instance its own family name in the name table (and CFF top dict)."""
    postscript = family.replace(" ", "") + "-Regular"
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (16, 17, 21, 22, 25):  # typographic / WWS names / variations prefix
            name.removeNames(nameID=record.nameID)
    for name_id, text in (
        (1, family),
        (2, "Regular"),
        (3, f"{postscript};liulin_data"),
        (4, f"{family} Regular"),
        (6, postscript),
    ):
        name.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English
        name.setName(text, name_id, 1, 0, 0)  # Macintosh, Roman, English
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for attr, text in (("FamilyName", family), ("FullName", f"{family} Regular")):
            if hasattr(top, attr):
                setattr(top, attr, text)
    if "OS/2" in font:
        font["OS/2"].usWeightClass = REGULAR_WEIGHT


def build_font_cache(force: bool = False) -> Path:
    """Build, once, the static Regular subset of Noto Sans CJK SC and cache it.

    Takes about a minute (subset, then instance the ``wght`` axis at 400). The file is written
    atomically (temporary file, then ``os.replace``), so concurrent builds are harmless.

    Parameters
    ----------
    force : bool
        Rebuild even if the cached file exists.

    Returns
    -------
    pathlib.Path
        The cached font file (:func:`cached_font_path`).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target = cached_font_path()
    if target.exists() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    chars = subset_chars()
    font = TTFont(str(font_path()), fontNumber=SC_FACE_INDEX, lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = list(LAYOUT_FEATURES)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    instancer.instantiateVariableFont(font, {"wght": REGULAR_WEIGHT}, inplace=True, updateFontNames=False)
    _rename_family(font, REGULAR_FAMILY)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".otf", dir=target.parent)
    os.close(fd)
    try:
        font.save(tmp)
        os.chmod(tmp, 0o644)
        meta = {
            "family": REGULAR_FAMILY,
            "weight": REGULAR_WEIGHT,
            "source": str(font_path()),
            "face_index": SC_FACE_INDEX,
            "chars": len(chars),
            "chars_sha256": hashlib.sha256(chars.encode("utf-8")).hexdigest(),
            "seconds": round(time.perf_counter() - started, 1),
        }
        meta_tmp = target.parent / f".tmp-{os.getpid()}-{CACHE_META_NAME}"
        meta_tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(meta_tmp, target.parent / CACHE_META_NAME)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log.info("已生成常规字重中文字体缓存 %s（%.0f 秒）", target, time.perf_counter() - started)
    return target


class _FindfontNoise(logging.Filter):
    """Drop matplotlib's 'findfont: Failed to find font weight …' chatter about our faces."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "findfont" not in message:
            return True
        return not (REGULAR_FAMILY in message or VARIABLE_FAMILY in message or "font weight" in message)


def _silence_findfont_noise() -> None:
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _FindfontNoise) for f in logger.filters):
            logger.addFilter(_FindfontNoise())


def use_cjk_font() -> str:
    """Register the packaged Chinese font with matplotlib and make it the default family.

    Sets ``rcParams['font.family'] = ['Liulin Sans SC', 'Noto Sans CJK SC', 'DejaVu Sans']``
    (the cached Regular first, the full variable face as per-glyph fallback), or, without the
    cache, ``['Noto Sans CJK SC', 'DejaVu Sans']`` and logs a hint to run ``liulin fonts``.
    Also turns off ``axes.unicode_minus`` and applies a clean chart style. Idempotent; cheap
    when called again.

    Returns
    -------
    str
        The primary family name now in use (``'Liulin Sans SC'`` or ``'Noto Sans CJK SC'``).
    """
    import matplotlib
    from matplotlib import font_manager

    cached = cached_font_path()
    done = _state.get("families")
    if (
        done
        and _state.get("cache") == str(cached)
        and matplotlib.rcParams["font.family"] == done
        and (REGULAR_FAMILY in done or not cached.exists() or str(cached) in _state.get("failed", set()))
    ):
        return done[0]  # already set up for this cache, and no newly built cache to pick up
    _silence_findfont_noise()
    registered = _state.setdefault("registered", set())
    assert isinstance(registered, set)
    variable = str(font_path())
    if variable not in registered:
        font_manager.fontManager.addfont(variable)
        registered.add(variable)
    families = [VARIABLE_FAMILY, LATIN_FALLBACK]
    if cached.exists() and str(cached) not in registered:
        try:
            font_manager.fontManager.addfont(str(cached))
            registered.add(str(cached))
        except (OSError, RuntimeError, ValueError) as exc:  # a damaged cache: fall back, say how to fix
            failed = _state.setdefault("failed", set())
            assert isinstance(failed, set)
            failed.add(str(cached))
            log.warning(
                "中文字体缓存 %s 无法读取（%s），暂用可变字体。运行 `liulin fonts --force` 重建。",
                cached,
                exc,
            )
    if str(cached) in registered:
        families.insert(0, REGULAR_FAMILY)
    elif not cached.exists() and not _state.get("hinted"):
        # info, not warning: inside notebooks a warning lands on stderr and in every briefing.
        log.info(
            "未找到常规字重中文字体缓存 %s，暂用细体可变字体显示中文。运行 `liulin fonts` 生成（约1分钟）。",
            cached,
        )
        _state["hinted"] = True
    rc = matplotlib.rcParams
    rc["font.family"] = families
    rc["font.sans-serif"] = families + [f for f in rc["font.sans-serif"] if f not in families]
    rc["axes.unicode_minus"] = False
    rc.update(CHART_STYLE)
    _state["families"] = list(rc["font.family"])
    _state["cache"] = str(cached)
    return families[0]


# the smallest chart text, points: with charts 4.8 in wide it is about 11 CSS px in a phone's 374 px column
TEXT_PT = 10.5
# chart titles, points
TITLE_PT = 12.0

# a clean, phone-readable default style for every chart
CHART_STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#888888",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#e5e5e5",
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": TEXT_PT,
    "axes.titlesize": TITLE_PT,
    "axes.titleweight": "normal",
    "axes.labelsize": TEXT_PT,
    "xtick.labelsize": TEXT_PT,
    "ytick.labelsize": TEXT_PT,
    "legend.fontsize": TEXT_PT,
    "legend.frameon": False,
    # FreeType's own (CFF) hinting instead of its auto-hinter: the auto-hinter re-analyses every CJK glyph on
    # every draw; this makes a chart ~25% faster to render and looks the same at screen sizes
    "text.hinting": "no_autohint",
}
