"""A work report as received (.txt, .docx, a saved web page) → one normalised UTF-8 text.

- .txt in UTF-8 (with or without BOM), GBK or GB18030; CRLF or CR line ends; ideographic-space (U+3000) and
  non-breaking-space indents are stripped from each line.
- .docx: the text with every tracked change accepted (inserted text kept, deleted text dropped: the words
  of ``w:t``, never ``w:delText``), paragraphs and table cells in document order; the archive is opened only
  within :data:`DOCX_MAX_UNPACKED` bytes unpacked and a :data:`DOCX_MAX_RATIO` unpack ratio (a zip bomb is
  refused before it is unpacked).
- .html / .htm: the visible text, one line per block element; scripts, styles, navigation, header and footer
  are dropped. The charset is sniffed from the bytes (a BOM, then strict UTF-8, then GB18030): a ``<meta
  charset>`` that the bytes contradict loses.

A file larger than :data:`MAX_FILE_BYTES` or a text longer than :data:`MAX_TEXT_CHARS` is refused (a report is
about 50,000 characters), and so is a text with almost no Chinese (mojibake, a PDF renamed .txt): every
refusal is an :class:`~liulin_data.core.exceptions.ExtractError` naming the file and the limit (exit 2).

Web pages (and texts copied or scraped from them) carry clutter: 下载 打印 全屏 收藏 【字号：加大 还原 减小】,
来源：… 时间 作者 阅读 评论, photo captions (…记者… 摄), a 内容摘要 that repeats the opening cut off with ……,
``????`` where spaces were lost, tabs, and at the end a 相关报道 / 相关文章 / 本栏推荐 / 阅读排行 / 标签 list of
other pages (other places' “XXXX年政府工作报告” titles). :func:`normalize_text` turns lost spaces and tabs into
line breaks, drops the summary, the furniture lines, other reports' titles and everything from a list marker
on. Nothing else of the report changes: every quote of a proposed plan is verbatim in the normalised text.
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from ...core.exceptions import ExtractError

# limits, so that a small file cannot take the machine (each refusal names its limit)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a report file: .txt and .html of a few hundred kB, .docx a few MB
MAX_TEXT_CHARS = 1_000_000  # characters of text (a report has about 50,000)
DOCX_MAX_UNPACKED = 100 * 1024 * 1024  # bytes of a .docx's parts once unpacked
DOCX_MAX_RATIO = 100  # unpacked size against packed size, per part and overall (text compresses ~10×)
DOCX_MAX_PARTS = 2000  # files inside a .docx
# a report is Chinese: at least this share of its letters are Chinese characters, and at least this many
MIN_CHINESE_SHARE, MIN_CHINESE_CHARS = 0.3, 10

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
        r"^[（(【\[]?(来源|时间|发布时间|日期|作者|编辑|责任编辑|浏览次数|点击数|阅读次数|阅读|评论|点击|浏览)\s*[:：]"
    ),  # page metadata
    re.compile(r"^(?:时间|作者|来源|阅读|评论|点击|浏览)(?:\s*(?:时间|作者|来源|阅读|评论|点击|浏览))+\s*$"),
    re.compile(r"^.{0,40}记者.{0,20}\s摄$"),  # a photo caption: 本报记者 韩卿立 摄
    re.compile(r"^[【\[]?(打印|关闭|分享到)[】\]]?$"),
)
_CLUTTER_WORDS = re.compile("|".join(sorted((re.escape(w) for w in CLUTTER_LINES), key=len, reverse=True)))
# a list of links: the report has ended
_TAIL_MARKERS = (
    "相关报道", "相关新闻", "相关阅读", "相关链接", "相关文章", "本栏推荐", "阅读排行", "热门文章", "推荐阅读",
    "标签云", "标签：", "标签:", "上一篇", "下一篇",
)  # fmt: skip
_SUMMARY = re.compile(r"(?:内容摘要|内容提要|摘要)[:：]?[^\n]{0,3000}?(?:\.{3,}|…{1,2}|。{3,})")
_LOST = re.compile(r"[?？]{2,}|\t+")  # characters lost in a scrape (spaces as ????), tabs between fields
_OTHER_REPORT = re.compile(r"^.{0,24}(?:19|20)\d\d年.{0,24}政府工作报告[^。；，]{0,12}$")
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
    """Remove web-page furniture lines and other reports' titles (after the opening lines); stop at 相关报道,
    相关文章, 本栏推荐, 阅读排行, 标签 … (links to other pages follow)."""
    kept: list[str] = []
    for line in lines:
        if any(line.startswith(marker) for marker in _TAIL_MARKERS):
            break
        if is_clutter(line) or (len(kept) >= 3 and _OTHER_REPORT.match(line)):
            continue
        kept.append(line)
    return kept


def normalize_text(text: str) -> str:
    """LF line ends, one paragraph a line: indents and trailing spaces stripped, blank lines and clutter dropped;
    a 内容摘要 repeating the opening is dropped and lost characters (????) and tabs end a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SUMMARY.sub("\n", text, count=1)
    text = _LOST.sub("\n", text)
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


def sniff_html(data: bytes, name: str = "") -> str:
    """The text of a saved page: a BOM first, then strict UTF-8, then GB18030; the page's ``<meta charset>``
    only when the bytes allow several readings. A meta that contradicts the bytes (iso-8859-1 or utf-16 on a
    UTF-8 page) loses."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _html_encoding(data)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            text = data.decode(declared)
            if _chinese_share(text) >= MIN_CHINESE_SHARE:
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _check_zip(path: Path) -> None:
    """Refuse a .docx whose parts would unpack beyond the limits (before anything is unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractError(f"无法读取 Word 文件 {path.name}：不是有效的 .docx（{exc}）") from exc
    if len(parts) > DOCX_MAX_PARTS:
        raise ExtractError(
            f"Word 文件 {path.name} 含 {len(parts)} 个部件，超过上限 {DOCX_MAX_PARTS} 个：拒绝读取"
        )
    unpacked = sum(p.file_size for p in parts)
    packed = max(1, sum(p.compress_size for p in parts))
    if unpacked > DOCX_MAX_UNPACKED:
        limit = DOCX_MAX_UNPACKED // 2**20
        raise ExtractError(
            f"Word 文件 {path.name} 解压后有 {unpacked / 2**20:.0f} MB，超过上限 {limit} MB：拒绝读取（疑为压缩炸弹）"
        )
    worst = max((p.file_size / max(1, p.compress_size) for p in parts if p.file_size > 2**20), default=0.0)
    if max(worst, unpacked / packed) > DOCX_MAX_RATIO:
        ratio = max(worst, unpacked / packed)
        raise ExtractError(
            f"Word 文件 {path.name} 的压缩比为 {ratio:.0f} 倍，超过上限 {DOCX_MAX_RATIO} 倍：拒绝读取（疑为压缩炸弹）"
        )


def docx_text(path: Path, notes: list[str] | None = None) -> str:
    """The text of a .docx with its tracked changes accepted: the words of every paragraph (table cells
    included) in document order — inserted runs kept, deleted runs (``w:delText``) and moved-from text dropped.
    ``notes`` gets a line saying the changes were accepted, when there were any."""
    _check_zip(path)
    import docx  # python-docx, imported only when a .docx is read
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a corrupt or non-docx file: python-docx raises several types
        raise ExtractError(f"无法读取 Word 文件 {path.name}：{exc}") from exc
    body = document.element.body
    changes = sum(1 for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo") for _ in body.iter(qn(tag)))
    moved_from = qn("w:moveFrom")
    lines = []
    for paragraph in body.iter(qn("w:p")):
        words = [
            t.text or ""
            for t in paragraph.iter(qn("w:t"))
            if not any(a.tag == moved_from for a in t.iterancestors())
        ]
        lines.append("".join(words))
    if changes and notes is not None:
        notes.append(f"{path.name} 含 {changes} 处修订：已按“接受全部修订”后的文字读取（删除的文字不计）")
    return "\n".join(lines)


def _chinese_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff") / len(letters) if letters else 0.0


def _refuse_non_report(text: str, name: str) -> None:
    """A text with almost no Chinese is not a work report: mojibake, a PDF or a binary file renamed."""
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if chinese < MIN_CHINESE_CHARS or _chinese_share(text) < MIN_CHINESE_SHARE:
        raise ExtractError(
            f"报告文件 {name} 几乎没有中文（{chinese} 个汉字，占文字的 {_chinese_share(text):.0%}）：不像政府工作报告。"
            "请确认选对了文件；若是乱码，请另存为 UTF-8 文本后重试"
        )


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExtractError(
            f"报告文件 {path.name} 有 {size / 2**20:.0f} MB，超过上限 {MAX_FILE_BYTES // 2**20} MB"
            "（政府工作报告的文本通常不到 1 MB）：请确认选对了文件"
        )


def read_report(path, notes: list[str] | None = None) -> str:
    """Read a work report (.txt, .docx, .html/.htm) and return its normalised UTF-8 text.

    ``notes`` (optional) gets what a person should know about the reading (tracked changes accepted).

    Raises
    ------
    ExtractError
        When the file is missing, empty, of another type, too large (:data:`MAX_FILE_BYTES`,
        :data:`MAX_TEXT_CHARS`, the .docx limits), cannot be decoded, or has almost no Chinese (the message
        names the file and the limit).
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ExtractError(f"报告 {path} 不是普通文件（是文件夹或设备）：请给出报告文件本身")
    if not path.is_file():
        raise ExtractError(f"找不到报告文件 {path}")
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raw = docx_text(path, notes)
    elif suffix in (".html", ".htm"):
        raw = html_text(sniff_html(path.read_bytes(), path.name))
    elif suffix in (".txt", ".text", ""):
        raw = decode_text(path.read_bytes(), path.name)
    else:
        raise ExtractError(f"不支持的报告文件类型 {path.name}：请提供 .txt、.docx 或 .html 文件")
    if len(raw) > MAX_TEXT_CHARS:
        raise ExtractError(
            f"报告文件 {path.name} 有 {len(raw):,} 个字符，超过上限 {MAX_TEXT_CHARS:,} 个"
            "（政府工作报告通常约 5 万字）：请确认选对了文件"
        )
    text = normalize_text(raw)
    if not text.strip():
        raise ExtractError(f"报告文件 {path.name} 没有文字内容")
    _refuse_non_report(text, path.name)
    return text
