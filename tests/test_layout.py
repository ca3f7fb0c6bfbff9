"""The house's shape holds: imports only point down the layers, and modules and functions stay small."""

import importlib.util
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_between_top_level_packages_points_up_or_closes_a_cycle():
    graph = _script("import_graph")
    edges = graph.edges()
    order = {name: i for i, name in enumerate(graph.PACKAGES)}
    assert [edge for edge in edges if order[edge[1]] > order[edge[0]]] == []
    assert not any(target == "config" for _source, target in edges), "no app imports config"
    successors = {}
    for source, target in edges:
        successors.setdefault(source, set()).add(target)
    assert graph.cycles(successors) == []


def test_the_import_graph_sees_imports_hidden_inside_functions(tmp_path, monkeypatch):
    graph = _script("import_graph")
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "hidden.py").write_text("def f():\n    from reports import models\n")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "models.py").write_text("from core import hidden\n")
    monkeypatch.setattr(graph, "ROOT", tmp_path)
    edges = graph.edges()
    assert ("core", "reports") in edges and ("reports", "core") in edges
    assert graph.main([]) == 1


def test_no_app_module_over_500_lines_and_no_function_over_60():
    assert _script("code_size").problems() == []
