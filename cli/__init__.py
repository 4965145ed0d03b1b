"""The ``xxgk`` command: a thin typer layer over `mining`."""
