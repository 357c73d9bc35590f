"""``stimsafe signals ingest|status|cases`` end to end on the real sample rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stimsafe.cli.main import main


def test_cli_ingest_status_cases(shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.duckdb")
    files = [str(shared_dir / "data" / "maude_samples" / n) for n in ("mdrfoi.txt", "foidev.txt", "foitext.txt")]
    assert main(["signals", "ingest", "--db", db, "--no-progress", "--format", "json", *files]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["data"]["counts"]["reports"] == 2
    assert main(["signals", "status", "--db", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["counts"]["provenance"] == 3
    assert main(["signals", "cases", "--db", db, "--harm", "burn", "--product-code", "GXI", "--format", "json"]) == 0
    cases = json.loads(capsys.readouterr().out)["data"]
    assert cases["total"] == 1 and cases["cases"][0]["mdr_report_key"] == 1511544
    assert main(["signals", "cases", "--db", db, "--harm", "nothing"]) == 3
    assert main(["signals", "ingest", "--db", db, str(tmp_path / "missing.txt")]) == 2
