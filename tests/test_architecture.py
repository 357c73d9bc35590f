"""The one-way data flow of ARCHITECTURE.md, enforced on the import graph (a small import-linter)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "stimsafe"
ENGINES = ("screening", "dose", "triage", "signals")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute stimsafe modules imported anywhere in the file (including lazy imports in functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("stimsafe")}
        elif (
            isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("stimsafe")
        ):
            found.add(node.module)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(allowed: dict[str, set[str]]) -> list[str]:
    out = []
    for module, imported in sorted(_graph().items()):
        layer = _layer(module)
        if layer not in allowed:
            continue
        for target in sorted(imported):
            if _layer(target) not in allowed[layer] | {layer}:
                out.append(f"{module} imports {target}")
    return out


def test_domain_imports_only_units_and_errors() -> None:
    assert _violations({"domain": {"units", "errors"}}) == []


def test_text_imports_only_errors() -> None:
    # the shared text reader (negation, context) is neutral ground: any engine may use it, it uses no engine
    assert _violations({"text": {"errors"}}) == []


def test_engines_never_import_interfaces_or_each_other() -> None:
    base = {"domain", "units", "errors", "report", "knowledge", "text"}
    allowed = {engine: base for engine in ENGINES}
    assert _violations(allowed) == []


def test_nothing_but_interfaces_imports_the_interfaces() -> None:
    bad = [
        f"{m} imports {t}"
        for m, imported in _graph().items()
        for t in imported
        if _layer(t) in {"cli", "web"} and _layer(m) not in {"cli", "web"}
    ]
    assert bad == []


@pytest.mark.parametrize("heavy", ["numpy", "scipy", "duckdb", "matplotlib", "fastapi", "pyspark"])
def test_import_stimsafe_stays_light(heavy: str) -> None:
    code = f"import sys, stimsafe; print({heavy!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


DOSE_STAGES = ("physics", "thresholds", "advice", "report", "pipeline")


def _dose_stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[:2] != ["stimsafe", "dose"] or len(parts) < 3:
        return None
    return DOSE_STAGES.index(parts[2])


def test_dose_stages_import_only_earlier_stages() -> None:
    """physics -> thresholds -> advice -> report -> pipeline: a stage never imports a later one."""
    bad = [
        f"{module} imports {target}"
        for module, imported in sorted(_graph().items())
        if (stage := _dose_stage(module)) is not None
        for target in sorted(imported)
        if (other := _dose_stage(target)) is not None and other > stage
    ]
    assert bad == []


def test_the_fenced_surrogate_only_seeds_the_engine() -> None:
    """The calibrated predictor reads up to 78 % high: only the engine may use it, and only as a search seed."""
    users = {m for m, imported in _graph().items() if "stimsafe.dose.thresholds.surrogate" in imported}
    assert users <= {"stimsafe.dose.thresholds.engine"}
