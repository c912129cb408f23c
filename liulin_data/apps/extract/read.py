"""A work report as received (.txt, .docx, a saved web page) → one normalised UTF-8 text.

- .txt in UTF-8 (with or without BOM), GBK or GB18030; CRLF or CR line ends; ideographic-space (U+3000) and
  non-breaking-space indents are stripped from each line.
- .docx through python-docx: paragraphs in order, then table cells.
- .html / .htm: the visible text, one line per block element; scripts, styles, navigation, header and footer
  are dropped.

Web pages (and texts copied from them) carry clutter: 下载 打印 全屏 收藏 【字号：加大 还原 减小】, 来源：…,
photo captions (…记者… 摄), and a 相关报道 list at the end. :func:`drop_clutter` removes those lines and
everything from 相关报道 on. Nothing else of the report changes: every quote of a proposed plan is verbatim
in the normalised text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ...core.exceptions import ExtractError

# short lines that are page furniture, not report text
CLUTTER_LINES = frozenset(
    [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "关闭",
        "关闭窗口",
        "打印本页",
        "返回顶部",
        "加大",
        "还原",
        "减小",
        "【字号：",
        "】",
        "字号：",
        "【大",
        "中",
        "小】",
        "扫一扫",
        "在手机打开当前页",
        "默认",
        "大",
        "中",
        "小",
    ]
)
_CLUTTER_PATTERNS = (
    re.compile(r"^【?字号[:：]"),  # 【字号：大 中 小】
    re.compile(
        r"^[（(【\[]?(来源|时间|发布时间|日期|作者|编辑|责任编辑|浏览次数|点击数|阅读次数)[:：]"
    ),  # page metadata
    re.compile(r"^.{0,40}记者.{0,20}\s摄$"),  # a photo caption: 本报记者 韩卿立 摄
    re.compile(r"^[【\[]?(打印|关闭|分享到)[】\]]?$"),
)
_CLUTTER_WORDS = re.compile("|".join(sorted((re.escape(w) for w in CLUTTER_LINES), key=len, reverse=True)))
_TAIL_MARKERS = ("相关报道", "相关新闻", "相关阅读", "相关链接")  # a list of links: the report has ended
_INDENT = " \t\u3000\u00a0\ufeff"
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"}
_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "button", "select"}


def decode_text(data: bytes, name: str = "") -> str:
    """Decode report bytes: UTF-8 (BOM or not) first, then GB18030 (a superset of GBK and GB2312).

    Raises
    ------
    ExtractError
        When neither decodes the bytes (naming the file).
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractError(f"无法识别文件 {name} 的编码：请另存为 UTF-8 或 GBK 文本")


def is_clutter(line: str) -> bool:
    """True for a line of page furniture: 下载, 打印 全屏 收藏 (words of :data:`CLUTTER_LINES` only), 来源：…"""
    if any(p.match(line) for p in _CLUTTER_PATTERNS):
        return True
    rest = _CLUTTER_WORDS.sub("", line)
    return not rest.strip(" |/·•【】[]:：\t\u3000")


def drop_clutter(lines: list[str]) -> list[str]:
    """Remove web-page furniture lines; stop at 相关报道 (links to other pages follow)."""
    kept = []
    for line in lines:
        if any(line.startswith(marker) for marker in _TAIL_MARKERS):
            break
        if is_clutter(line):
            continue
        kept.append(line)
    return kept


def normalize_text(text: str) -> str:
    """LF line ends, one paragraph a line: indents and trailing spaces stripped, blank lines and clutter dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(_INDENT) for line in text.split("\n")]
    lines = drop_clutter([line for line in lines if line])
    return "\n".join(lines) + "\n"


class _TextParser(HTMLParser):
    """Collects the visible text of a page, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " ") if data.strip() else "")


def html_text(page: str) -> str:
    """The visible text of an HTML page, one line per paragraph or block."""
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def _html_encoding(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii").lower() if m else None


def docx_text(path: Path) -> str:
    """Paragraph texts of a .docx in order, then the text of its table cells."""
    import docx  # python-docx, imported only when a .docx is read

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a corrupt or non-docx file: python-docx raises several types
        raise ExtractError(f"无法读取 Word 文件 {path.name}：{exc}") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def read_report(path) -> str:
    """Read a work report (.txt, .docx, .html/.htm) and return its normalised UTF-8 text.

    Raises
    ------
    ExtractError
        When the file is missing, empty, of another type, or cannot be decoded (the message names the file).
    """
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"找不到报告文件 {path}")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raw = docx_text(path)
    elif suffix in (".html", ".htm"):
        data = path.read_bytes()
        encoding = _html_encoding(data)
        try:
            raw = html_text(data.decode(encoding) if encoding else decode_text(data, path.name))
        except (LookupError, UnicodeDecodeError):
            raw = html_text(decode_text(data, path.name))
    elif suffix in (".txt", ".text", ""):
        raw = decode_text(path.read_bytes(), path.name)
    else:
        raise ExtractError(f"不支持的报告文件类型 {path.name}：请提供 .txt、.docx 或 .html 文件")
    text = normalize_text(raw)
    if not text.strip():
        raise ExtractError(f"报告文件 {path.name} 没有文字内容")
    return text
