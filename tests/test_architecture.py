"""The rules of docs/architecture.md, checked on the code (issue 16): no import cycle
between the domain folders, no production module importing test code, every action of
ours checked against an auth function of its own name."""

from __future__ import annotations

import ast
import pathlib

import pytest

PKG = pathlib.Path(__file__).resolve().parents[1] / "ckanext" / "egovuz"


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        if rel.parts[0] in ("migration",):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _is_test(rel) -> bool:
    return "tests" in rel.parts or rel.name in ("testing.py", "conftest.py")


def _imported(rel, tree):
    """Absolute module names imported by the module at rel (ckanext/egovuz-relative)."""
    package = ["ckanext", "egovuz", *rel.parts[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module:
                    yield mod
                else:
                    yield from (f"{mod}.{a.name}" for a in node.names)
            elif node.module:
                yield node.module


def _domain(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] != ["ckanext", "egovuz"] or len(parts) < 3:
        return None
    return parts[2]


def _domain_graph():
    graph: dict[str, set[str]] = {}
    for rel, tree in _modules():
        if _is_test(rel) or len(rel.parts) < 2:
            continue  # tests, and the main plugin's top-level modules (cli, plugin)
        src = rel.parts[0]
        for module in _imported(rel, tree):
            dst = _domain(module)
            if dst and dst != src and (PKG / dst).is_dir():
                graph.setdefault(src, set()).add(dst)
    return graph


def test_no_import_cycle_between_domain_folders():
    graph = _domain_graph()
    assert "core" not in {d for deps in graph.values() for d in deps} or not graph.get("core"), (
        "core imports no domain"
    )
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node) :] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()

    for node in sorted(graph):
        visit(node)
    assert cycles == []


def test_the_three_split_plugins_import_each_other_one_way_only():
    graph = _domain_graph()
    assert graph.get("core", set()) == set()
    assert "statistics" not in graph.get("monitoring", set()) | graph.get("ai", set())
    assert "ai" not in graph.get("monitoring", set()) | graph.get("statistics", set())


def test_no_production_module_imports_test_code():
    offenders = []
    for rel, tree in _modules():
        if _is_test(rel):
            continue
        for module in _imported(rel, tree):
            if (
                module == "conftest"
                or ".tests" in module
                or module.startswith("ckan.tests")
                or module.endswith(".testing")
            ):
                offenders.append((str(rel), module))
    assert offenders == []


def _registered_actions(tree):
    """{action name: function name} from a module's get_actions()."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "get_actions":
            for d in ast.walk(node):
                if isinstance(d, ast.Dict):
                    for k, v in zip(d.keys, d.values):
                        if isinstance(k, ast.Constant) and isinstance(v, ast.Name):
                            out[k.value] = v.id
    return out


def _checked_names(func):
    return [
        c.args[0].value
        for c in ast.walk(func)
        if isinstance(c, ast.Call)
        and getattr(c.func, "attr", None) == "check_access"
        and c.args
        and isinstance(c.args[0], ast.Constant)
    ]


def test_every_action_checks_its_own_auth_name():
    wrong = []
    for rel, tree in _modules():
        actions = _registered_actions(tree)
        funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for action, fname in actions.items():
            func = funcs.get(fname)
            if func is None:
                continue
            names = [n for n in _checked_names(func) if n.startswith("egovuz_")]
            if any(n != action for n in names):
                wrong.append((str(rel), action, names))
    assert wrong == []


@pytest.mark.usefixtures("with_request_context")
def test_every_action_of_ours_has_an_auth_function_of_its_name():
    from ckan import authz, logic

    logic.get_action("package_show")  # fills the registry
    ours = {name for name in logic._actions if name.startswith("egovuz_")}
    assert len(ours) > 50
    auth = set(authz.auth_functions_list())
    assert sorted(ours - auth) == []


def test_the_database_set_up_lives_in_the_pytest_plugin_only():
    """Tests reset and migrate through fresh_databases()/clean_db, not copies of them."""
    root = PKG.parents[1]
    copies = []
    for path in sorted(
        [*PKG.rglob("test*.py"), *PKG.rglob("conftest.py"), *(root / "tests").glob("*.py")]
    ):
        text = path.read_text(encoding="utf-8")
        if path.name == "test_architecture.py":
            continue
        if "migrate_db_for" in text or "from conftest import" in text or "_run_migrations" in text:
            copies.append(str(path.relative_to(root)))
    assert copies == []


def _calls(tree, name):
    return [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and (getattr(c.func, "attr", None) == name or getattr(c.func, "id", None) == name)
    ]


def test_blueprints_in_one_style():
    """docs/architecture.md, "Blueprints": a plugin's blueprints are made at module level in
    its views.py, each rule is an @<blueprint>.route on its view, and views.py ends with
    get_blueprints(), which the plugin's get_blueprint returns."""
    wrong = []
    with_blueprints = []
    for rel, tree in _modules():
        if _is_test(rel):
            continue
        made = _calls(tree, "Blueprint")
        top_level = [
            n.value
            for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
        ]
        if made:
            with_blueprints.append(str(rel))
            if rel.name != "views.py":
                wrong.append((str(rel), "a Blueprint outside views.py"))
            if any(c not in top_level for c in made):
                wrong.append((str(rel), "a Blueprint made inside a function"))
            funcs = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
            if "get_blueprints" not in funcs:
                wrong.append((str(rel), "no get_blueprints()"))
        if _calls(tree, "add_url_rule"):
            wrong.append((str(rel), "add_url_rule instead of @route"))
    assert len(with_blueprints) >= 9
    assert wrong == []
