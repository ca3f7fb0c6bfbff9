"""Every import between Mùa's top-level packages, lazy ones (inside functions) included, and the cycles.

    python scripts/import_graph.py            # exit 1 when the packages' import graph has a cycle
    python scripts/import_graph.py --edges    # also list every edge with the lines that make it

import-linter (`lint-imports`, run by `make test`) checks the layers; it follows imports as Python
would. This script reads every `import` statement in the source, wherever it sits, so an import hidden
in a function still counts as a dependency.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "core",
    "calendars",
    "accounts",
    "campaigns",
    "content",
    "dispatch",
    "reports",
    "plan",
    "demo",
    "config",
]


def imports_of(path: Path, package: str) -> list[tuple[str, int]]:
    """(imported top-level package, line) for each import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((package if node.level else (node.module or "").split(".")[0], node.lineno))
    return found


def edges() -> dict[tuple[str, str], list[str]]:
    result: dict[tuple[str, str], list[str]] = defaultdict(list)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).is_dir() else []:
            for target, line in imports_of(path, package):
                if target in PACKAGES and target != package:
                    result[(package, target)].append(f"{path.relative_to(ROOT)}:{line}")
    return result


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in PACKAGES:
        if node not in index:
            visit(node)
    return found


def main(argv: list[str]) -> int:
    found = edges()
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in found:
        graph[source].add(target)
    if "--edges" in argv:
        for (source, target), where in sorted(found.items()):
            print(
                f"{source} -> {target}: {len(where)}  {' '.join(where[:4])}{' …' if len(where) > 4 else ''}"
            )
    components = cycles(graph)
    for component in components:
        print("cycle between:", ", ".join(component))
    order = {name: i for i, name in enumerate(PACKAGES)}
    upward = [(s, t) for s, t in found if order[t] > order[s]]
    for source, target in sorted(upward):
        print(f"against the layers: {source} -> {target} ({', '.join(found[(source, target)][:3])})")
    if not components and not upward:
        print(f"no cycle; every import between {len(PACKAGES)} packages points down the layers")
    return 1 if components or upward else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
