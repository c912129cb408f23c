"""A Chinese web font embedded in every briefing page, so the HTML renders offline anywhere.

Leaders open the briefings on phones (which have CJK fonts) but also on office PCs and Linux laptops that may
not. Each page therefore carries its own ``@font-face``: a subset of the pip-packaged Noto Sans CJK SC (SIL OFL,
see :mod:`liulin_data.present.fonts`) holding just the characters the page uses, as a WOFF data URI. The subset keeps
the variable ``wght`` axis, so the browser draws regular and bold text from one file.

Subsetting the CFF2 face takes a few seconds, so subsets are cached by their character set under
:func:`liulin_data.present.fonts.cache_dir` ``/web``; a monthly briefing whose text uses the same characters as last
month's reuses the file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from ..plan.folder import load_plan
from .fonts import SC_FACE_INDEX, cache_dir, font_path

WEB_FAMILY = "Liulin Sans SC"  # the family name the briefing CSS asks for first
ALWAYS_CHARS = "".join(chr(c) for c in range(0x20, 0x7F))  # printable ASCII: numbers change every month
SUBSET_VERSION = "1"  # bump when the subsetting options change, to invalidate cached files

_DATA_URI_RE = re.compile(r"data:[^\"')\s]+")
_STYLE_BLOCK_RE = re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE)
_SCRIPT_BLOCK_RE = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")


def page_chars(page: str) -> str:
    """The characters a page shows: its text without tags, styles, scripts and data URIs, plus ASCII."""
    text = _DATA_URI_RE.sub("", page)
    text = _STYLE_BLOCK_RE.sub("", text)
    text = _SCRIPT_BLOCK_RE.sub("", text)
    text = _TAG_RE.sub(" ", text)
    import html

    text = html.unescape(text)
    return "".join(sorted(set(text + ALWAYS_CHARS) - {"\n", "\r", "\t"}))


def _subset_woff(chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), fontNumber=SC_FACE_INDEX, lazy=True)
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False  # browsers hint CFF themselves; halves the size
    options.layout_features = []  # no shaping features needed for Chinese and digits
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


def subset_font(chars: str) -> bytes:
    """WOFF bytes of Noto Sans CJK SC holding ``chars``, from the cache when the same set was made before."""
    key = hashlib.sha256(f"{SUBSET_VERSION}\0{''.join(sorted(set(chars)))}".encode()).hexdigest()[:24]
    folder = cache_dir() / "web"
    path = folder / f"{key}.woff"
    if path.is_file():
        return path.read_bytes()
    data = _subset_woff(chars)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return data


def font_face_css(chars: str, family: str = WEB_FAMILY) -> str:
    """An ``@font-face`` rule embedding the subset for ``chars`` as a data URI (no network needed)."""
    data = base64.b64encode(subset_font(chars)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 100 900; '
        f'font-display: block; src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


def embed_font(page: str, chars: str | None = None) -> str:
    """Insert the ``@font-face`` for ``chars`` (default: the page's own characters) into the page's head."""
    css = f'<style id="liulin-webfont">{font_face_css(chars or page_chars(page))}</style>'
    head_end = page.find("</head>")
    if head_end < 0:
        return css + page
    return page[:head_end] + css + page[head_end:]


def cached_subsets() -> list[Path]:
    """The cached subset files (for housekeeping and tests)."""
    return sorted((cache_dir() / "web").glob("*.woff"))


# ----------------------------------------------------------------------------------------------------
# JupyterLab: the same embedded font, put into the lab page when a notebook view loads
# ----------------------------------------------------------------------------------------------------
# the characters JupyterLab may show are not known in advance: the subset covers the plan's files, the library's
# own words and the repository's notebooks (about 1,000 Chinese characters, ~0.3 MB)
LAB_FONT_ID = "liulin-lab-font"
# only Chinese characters, CJK punctuation and full-width forms come from the embedded font: Latin text keeps
# JupyterLab's own font
CJK_UNICODE_RANGE = (
    "U+2E80-2FDF, U+3000-303F, U+3100-312F, U+31C0-31EF, U+3200-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"
)
# JupyterLab's default font stacks (its theme variables), with the embedded family put first
LAB_FONT_STACK = (
    f'"{WEB_FAMILY}", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif, '
    '"Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol"'
)


def _text_chars(paths) -> set[str]:
    chars: set[str] = set()
    for path in paths:
        try:
            chars.update(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return chars


def lab_chars(plan=None) -> str:
    """The characters of the lab subset: the plan's files, the library's sources and the repo's notebooks."""
    from importlib import resources

    plan = load_plan(plan)
    package = Path(str(resources.files("liulin_data")))
    notebooks = package.parent / "notebooks"
    files = [p for p in Path(plan.root).iterdir() if p.is_file()]
    files += list(package.rglob("*.py")) + list(package.rglob("*.csv"))
    files += list(notebooks.glob("*.ipynb")) if notebooks.is_dir() else []
    chars = {c for c in _text_chars(files) if ord(c) >= 0x2E80}
    return "".join(sorted(chars)) + ALWAYS_CHARS


def lab_font_css(plan=None) -> str:
    """The lab font's stylesheet: the embedded subset as ``@font-face`` (a data URI, limited to Chinese
    characters) and JupyterLab's UI, content and code fonts with it first, so markdown, code cells (their
    Chinese comments), HTML tables and widget labels show Chinese on a machine without a Chinese system font."""
    data = base64.b64encode(subset_font(lab_chars(plan))).decode("ascii")
    return (
        f'@font-face {{ font-family: "{WEB_FAMILY}"; font-style: normal; font-weight: 100 900; '
        f'font-display: block; src: url(data:font/woff;base64,{data}) format("woff"); '
        f"unicode-range: {CJK_UNICODE_RANGE}; }}"
        f":root {{ --jp-ui-font-family: {LAB_FONT_STACK} !important; "
        f"--jp-content-font-family: {LAB_FONT_STACK} !important; "
        f"--jp-code-font-family: {LAB_CODE_STACK} !important; }}"
        # form controls do not inherit the page's font: the indicator drop-down would show boxes
        ".jupyter-widgets select, .jupyter-widgets option, .jupyter-widgets button, .jupyter-widgets input "
        "{ font-family: var(--jp-ui-font-family); }"
    )


def lab_font_html(plan=None) -> str:
    """A ``<style>`` for a notebook output with :func:`lab_font_css` (JupyterLab started without ``make lab``'s
    extension: the font reaches the page when the first cell that loads a view runs)."""
    return f'<style id="{LAB_FONT_ID}">{lab_font_css(plan)}</style>'


# ----------------------------------------------------------------------------------------------------
# JupyterLab: a small prebuilt extension that puts the same font into the lab page as it opens
# ----------------------------------------------------------------------------------------------------
# the extension's name (a folder under share/jupyter/labextensions)
LAB_EXTENSION = "liulin-lab-font"
# JupyterLab's code font stack, the embedded family after the monospace fonts and before the generic one
LAB_CODE_STACK = f'menlo, consolas, "DejaVu Sans Mono", "{WEB_FAMILY}", monospace'

# a module federation container by hand: no build tool, no network. JupyterLab loads it at start-up and calls its
# "./style" module, which puts the stylesheet into the page before any notebook is shown.
_REMOTE_ENTRY = """var _JUPYTERLAB;
(_JUPYTERLAB = void 0 === _JUPYTERLAB ? {} : _JUPYTERLAB)[NAME] = {
  init: function () { return Promise.resolve(); },
  get: function (module) {
    if (module !== "./style") {
      return Promise.reject(new Error("Module " + module + " does not exist in container " + NAME));
    }
    return Promise.resolve(function () {
      if (!document.getElementById(ID)) {
        var style = document.createElement("style");
        style.id = ID;
        style.textContent = CSS;
        document.head.appendChild(style);
      }
      return {};
    });
  }
};
"""


def lab_extension_files(plan=None) -> dict[str, str]:
    """The extension's files (path → text): ``package.json`` and ``static/remoteEntry.<hash>.js``."""
    script = (
        _REMOTE_ENTRY.replace("NAME", json.dumps(LAB_EXTENSION))
        .replace("ID", json.dumps(f"{LAB_FONT_ID}-extension"))
        .replace("CSS", json.dumps(lab_font_css(plan)))
    )
    entry = f"static/remoteEntry.{hashlib.sha256(script.encode()).hexdigest()[:16]}.js"
    package = {
        "name": LAB_EXTENSION,
        "version": "1.0.0",
        "description": "柳林目标任务跟踪：JupyterLab 中的中文字体（随包附带的 Noto Sans CJK SC 子集）",
        "license": "OFL-1.1",
        "jupyterlab": {"_build": {"load": entry, "style": "./style"}},
    }
    return {"package.json": json.dumps(package, ensure_ascii=False, indent=1), entry: script}


def write_lab_extension(labextensions: str | os.PathLike, plan=None) -> Path:
    """Write the extension into a ``labextensions`` folder (``make lab``: the virtualenv's
    ``share/jupyter/labextensions``); an earlier version's files are replaced. Returns its folder."""
    import shutil

    folder = Path(labextensions) / LAB_EXTENSION
    files = lab_extension_files(plan)
    staging = Path(tempfile.mkdtemp(prefix=f".{LAB_EXTENSION}-", dir=Path(labextensions).resolve()))
    staging.chmod(0o755)
    try:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    """``python -m liulin_data.present.webfont [LABEXTENSIONS]``: write the lab extension (default: this
    Python's ``share/jupyter/labextensions``)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    target.mkdir(parents=True, exist_ok=True)
    print(f"JupyterLab 中文字体扩展已写入：{write_lab_extension(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
