"""Hostile places to write to, for the tests of the command line and the exports: a full disk, a read-only
folder, a plan whose names are formulas; and the ``liulin`` console script run as a user runs it."""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# a catalog name an attacker (or an unlucky copy-paste) could put in a plan: Excel would run it as a formula
FORMULA_NAME = '=HYPERLINK("http://example.invalid/x","粮食播种面积")'


def liulin(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``liulin ARGS`` in a fresh Python process, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


class _FullDiskFile:
    """A file on a full disk: half of the first write lands, then ENOSPC (what the OS reports)."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def full_disk(monkeypatch) -> None:
    """From now on (for the test), every file opened for writing by ``os.fdopen`` — the atomic writes of
    ``briefing/files.py`` — is on a full disk."""
    real = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real(fd, mode, *args, **kwargs)
        return _FullDiskFile(fh) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made unwritable: mode 0555, and immutable (chattr +i) for root, who ignores the mode.

    Skips the test when running as root without chattr +i (no folder is then read-only to root).
    """
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        immutable = (
            bool(chattr) and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0
        )
        if not immutable:
            folder.chmod(0o755)
            pytest.skip("root ignores permission bits and chattr +i is not available here")
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr"), "-i", str(folder)], check=True)
        folder.chmod(0o755)


def formula_plan(folder: Path) -> Path:
    """The shipped plan exported to ``folder`` (through the CLI), with the name of its first catalog row
    (粮食播种面积) replaced by :data:`FORMULA_NAME`; ``liulin plan check`` passes it."""
    out = liulin("plan", "export", "liulin-2026", str(folder))
    assert out.returncode == 0, out.stderr
    plan_yaml = folder / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace("name: liulin-2026", "name: formula-2026"),
        encoding="utf-8",
    )
    path = folder / "targets.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("indicator")
    assert rows[1][column] == "粮食播种面积"
    rows[1][column] = FORMULA_NAME
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder


# ---------------------------------------------------------------------------------------- hostile workbooks
MEMORY_CAP = 1 << 30  # what a bomb may take in a test: 1 GiB of address space (liulin check needs ~250 MB)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _letters(j: int) -> str:
    out, j = "", j + 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def xml_row(r: int, values: list, styles: dict[int, int] | None = None) -> str:
    """One ``<row>`` of a sheet: texts as inline strings, numbers as numbers (``styles``: column → style)."""
    from xml.sax.saxutils import escape

    cells = []
    for j, v in enumerate(values):
        if v is None:
            continue
        ref = f"{_letters(j)}{r}"
        s = f' s="{styles[j]}"' if styles and j in styles else ""
        if isinstance(v, int | float):
            cells.append(f'<c r="{ref}"{s}><v>{v!r}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"{s}><is><t>{escape(str(v))}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def sheet_xml(rows: list[str] | str, merges: list[str] = ()) -> str:
    """A worksheet part: its rows (``xml_row``) and merged ranges."""
    body = rows if isinstance(rows, str) else "".join(rows)
    merged = ""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        merged += "</mergeCells>"
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>{body}</sheetData>{merged}</worksheet>'


def styles_xml(formats: list[str]) -> str:
    """A styles part whose cell style k + 1 shows number format ``formats[k]`` (style 0 is General)."""
    from xml.sax.saxutils import quoteattr

    fmts = "".join(f'<numFmt numFmtId="{164 + k}" formatCode={quoteattr(f)}/>' for k, f in enumerate(formats))
    xfs = '<xf numFmtId="0"/>' + "".join(
        f'<xf numFmtId="{164 + k}" applyNumberFormat="1"/>' for k in range(len(formats))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}><numFmts count="{len(formats)}">{fmts}</numFmts>'
        f'<cellXfs count="{len(formats) + 1}">{xfs}</cellXfs></styleSheet>'
    )


def raw_xlsx(
    path: Path, sheets: list[tuple], styles: str | None = None, big: dict[str, int] | None = None
) -> Path:
    """A workbook written part by part, as odd ones are: ``sheets`` = [(name, sheet_xml[, state])] where state
    is visible, hidden or veryHidden; ``big`` = {part name: bytes of spaces} streamed into extra sheets (a zip
    bomb: a few hundred kB that unpack to as many bytes as asked)."""
    import zipfile

    sheets = [(s[0], s[1], s[2] if len(s) > 2 else "visible") for s in sheets]
    sheets += [(name, None, "visible") for name in big or {}]
    entries = "".join(
        f'<sheet name="{name}" sheetId="{k + 1}" r:id="rId{k + 1}"'
        + (f' state="{state}"' if state != "visible" else "")
        + "/>"
        for k, (name, _, state) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{k + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
        for k in range(len(sheets))
    )
    if styles:
        rels += f'<Relationship Id="rIdS" Type="{_REL}/styles" Target="styles.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook {_NS} {_R_NS}><sheets>{entries}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        if styles:
            z.writestr("xl/styles.xml", styles)
        for k, (name, xml, _) in enumerate(sheets):
            part = f"xl/worksheets/sheet{k + 1}.xml"
            if xml is not None:
                z.writestr(part, xml)
                continue
            with z.open(part, "w", force_zip64=True) as fh:  # a bomb: spaces, streamed
                fh.write(f'<?xml version="1.0"?><worksheet {_NS}><sheetData>'.encode())
                chunk = b" " * (1 << 20)
                for _ in range(big[name] >> 20):
                    fh.write(chunk)
                fh.write(b"</sheetData></worksheet>")
    return path


def liulin_capped(*args: str, cwd: Path | None = None, memory: int = MEMORY_CAP, timeout: float = 120):
    """``liulin ARGS`` in a fresh process that may use at most ``memory`` bytes of address space (a bomb ends
    in MemoryError, never in a machine out of memory) and ``timeout`` seconds."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        preexec_fn=cap,
    )
