"""YAML as this project reads it: dates stay text, and a key written twice is found, not silently dropped.

The one reader of YAML files (params files, plan.yaml). PyYAML alone would turn ``YYYY-10-01`` into a date and
keep the last of two equal keys without a word.
"""

from __future__ import annotations

from typing import Any

import yaml


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
