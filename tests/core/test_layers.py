"""The apps form layers: an app imports only apps below it, never one that (directly or
through others) imports it back. Parsed from the source (ast), lazy imports included."""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

APPS = Path(settings.BASE_DIR) / "apps"


def app_imports() -> dict[str, dict[str, list[str]]]:
    """{app: {imported app: ["path:line", ...]}}, migrations left out."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(APPS)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module == "apps" else [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "apps" and len(parts) > 1 and parts[1] != app:
                    graph[app][parts[1]].append(f"apps/{relative}:{node.lineno}")
    return graph


def cycles(graph) -> list[list[str]]:
    """Every strongly connected group of more than one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_apps():
    graph = app_imports()
    report = [
        {a: {b: graph[a][b] for b in group if b in graph[a]} for a in group} for group in cycles(graph)
    ]
    assert report == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}) == [["a", "b", "c"]]


def test_core_imports_no_domain_app():
    assert dict(app_imports().get("core", {})) == {}
