"""The ``xxgk`` typer application: registers each command group's module, holds no logic."""

from __future__ import annotations

import typer

from . import analyze, check, claims, mine, problems, report

app = typer.Typer(
    name="xxgk",
    help="Text mining and auditing of government information-disclosure annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """xxgk: read, check and mine 政府信息公开工作年度报告."""


analyze.register(app)
claims.register(app)
check.register(app)
mine.register(app)
report.register(app)
problems.register(app)


def main() -> None:
    """Entry point of the ``xxgk`` console script."""
    app()


if __name__ == "__main__":
    main()
