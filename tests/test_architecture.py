"""The structure drawn from the imports (docs/architecture.md): the page's graph is the code's, no
arrow leaves core, none enters the bench or demo wings from the product, and no module of the
product imports optionally."""

import ast
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPH = runpy.run_path(str(ROOT / "scripts" / "import_graph.py"))
WINGS = {"bench", "demo"}


def edges() -> list[tuple[str, str]]:
    return GRAPH["app_edges"](GRAPH["apps"]())


def test_the_docs_graph_is_the_one_drawn_from_the_code():
    text = GRAPH["DOC"].read_text(encoding="utf-8")

    assert GRAPH["doc_with_graph"](text, GRAPH["mermaid"]()) == text, "run python scripts/import_graph.py --write"


def test_the_graph_covers_every_app():
    names = GRAPH["apps"]()

    assert {"core", "questionnaires", "confidentiality", "networks", "bench", "demo"} <= set(names)
    assert ("questionnaires", "core") in edges()  # the graph sees imports at all


def test_no_arrow_leaves_core_and_none_enters_the_wings_from_the_product():
    found = edges()

    assert [e for e in found if e[0] == "core"] == []
    assert [e for e in found if e[1] in WINGS and e[0] not in WINGS] == []


def _optional_imports(source: str) -> list[int]:
    """The lines of `except ImportError` / `except ModuleNotFoundError` handlers in `source`."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            names = {t.id if isinstance(t, ast.Name) else getattr(t, "attr", "") for t in types}
            if names & {"ImportError", "ModuleNotFoundError"}:
                out.append(node.lineno)
    return out


def test_no_module_of_riskassess_imports_optionally():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "riskassess").rglob("*.py"))
        for line in _optional_imports(path.read_text(encoding="utf-8"))
    ]

    assert found == []


def test_the_optional_import_finder_finds_one():
    source = "try:\n    import foo\nexcept (ValueError, ModuleNotFoundError):\n    foo = None\n"

    assert _optional_imports(source) == [3]
    assert _optional_imports("try:\n    import foo\nexcept ValueError:\n    pass\n") == []
