"""Write docs/cli.md from the CLI's own --help text, so the reference can never drift from the code.

Run: .venv/bin/python scripts/gen_cli_docs.py            write docs/cli.md
     .venv/bin/python scripts/gen_cli_docs.py --check    exit 1 when docs/cli.md is stale (tests run this)
"""

from __future__ import annotations

import os
import sys

os.environ["TYPER_USE_RICH"] = "0"  # plain help text, before typer is imported
os.environ["COLUMNS"] = "100"
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from generated_doc import write_or_check

from stimsafe.cli import main as cli_main

OUT = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _walk(command: Any, path: list[str], parent: Any = None) -> Iterator[tuple[str, str]]:
    ctx = type(parent)(command, info_name=path[-1], parent=parent) if parent is not None else None
    if ctx is None:
        ctx = command.make_context(path[-1], [], resilient_parsing=True)
    yield " ".join(path), command.get_help(ctx)
    for name in sorted(getattr(command, "commands", {}) or {}):
        sub = command.commands[name]
        if getattr(sub, "hidden", False):
            continue
        yield from _walk(sub, [*path, name], ctx)


def render() -> str:
    """The whole CLI reference as Markdown."""
    cli_main._register()
    root = typer.main.get_command(cli_main.app)
    lines = ["# CLI reference", "", "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.", ""]
    for name, text in _walk(root, ["stimsafe"]):
        lines += [f"## `{name}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    return write_or_check(OUT, render(), argv, ".venv/bin/python scripts/gen_cli_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
