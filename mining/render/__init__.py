"""Formatters that draw a `Report` for people: the self-contained HTML audit page and its site."""

from __future__ import annotations

from .html import render_report_html, report_id, write_check_site

__all__ = ["render_report_html", "report_id", "write_check_site"]
