"""YAML as this project reads it: dates stay text, and a key written twice is found, not silently dropped.

The one reader of YAML files (params files, plan.yaml). PyYAML alone would turn ``YYYY-10-01`` into a date and
keep the last of two equal keys without a word. A YAML path is read by :func:`read_yaml_bytes`: a device
(``/dev/zero``), a pipe or a socket is refused without being opened, and a file over
``files.limits.YAML_MAX_BYTES`` is refused (:class:`~liulin_data.core.exceptions.LimitError`) before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..core.exceptions import InputFileError
from .limits import YAML_MAX_BYTES, limit_error


def read_yaml_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a YAML file. A missing file, a folder or a permission raises the ``OSError`` that reading
    would (callers name them their way); a device, pipe or socket raises :class:`InputFileError` and a file
    over :data:`YAML_MAX_BYTES` a ``LimitError`` naming the limit, neither of them opened or read."""
    path = Path(path)
    st = path.stat()  # FileNotFoundError, PermissionError …
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        raise InputFileError(
            f"{path}: 不是普通文件（可能是设备、管道或套接字），未读取：请给出 YAML 文件", path=path
        )
    if st.st_size > YAML_MAX_BYTES:
        raise limit_error(path, "yaml", f"{st.st_size:,} 字节")
    with open(path, "rb") as fh:  # IsADirectoryError for a folder
        data = fh.read(YAML_MAX_BYTES + 1)
    if len(data) > YAML_MAX_BYTES:  # grew while being read
        raise limit_error(path, "yaml")
    return data


def read_yaml_file(path: str | os.PathLike) -> str:
    """The text of a UTF-8 YAML file (:func:`read_yaml_bytes`, then decoded; UnicodeDecodeError otherwise)."""
    return read_yaml_bytes(path).decode("utf-8")


class TextLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings (no timestamp resolver): ``YYYY-10-01`` stays text."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int, int]]:
    """``(key, first line, repeated line)`` of every key written twice in one mapping of a composed YAML
    document (lines as an editor shows them, from 1). YAML itself would keep the last value silently."""
    found, seen_nodes, stack = [], set(), [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:  # an alias points back at a node already walked
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in first:
                    found.append((key.value, first[key.value], line))
                elif isinstance(key, yaml.ScalarNode):
                    first[key.value] = line
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(found, key=lambda t: (t[2], t[0]))


def read_yaml(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    """The parsed document (dates as text) and its duplicate keys. Raises ``yaml.YAMLError`` on bad syntax."""
    loader = TextLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, duplicate_keys(node)
