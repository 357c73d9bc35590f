"""The command-line interface (Typer). Each command group lives in its own module."""
