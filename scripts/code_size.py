"""House limits on app code: no module over 500 lines, no function over 60 lines.

    python scripts/code_size.py        # lists what is over and exits 1 if anything is

App code is every package of Mùa except migrations and tests. The blast engine's module is exempt while
it is being split into modules of one idea each (docs/sms-engine.md).
"""

from __future__ import annotations

import ast
import sys
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
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
EXEMPT_MODULES = {"dispatch/blasts/engine.py"}


def app_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).is_dir() else []:
            if "migrations" not in path.parts:
                yield path


def problems() -> list[str]:
    found = []
    for path in app_modules():
        name = path.relative_to(ROOT).as_posix()
        if name in EXEMPT_MODULES:
            continue
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines (limit {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        f"{name}:{node.lineno} {node.name}(): {length} lines (limit {MAX_FUNCTION_LINES})"
                    )
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
