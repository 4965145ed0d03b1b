"""Check configuration: which rules run, deadlines, thresholds; read from ``[tool.xxgk]`` or ``xxgk.toml``.

Selection works as in ruff: ``select`` and ``ignore`` hold codes or prefixes (``T3``, ``N``, ``ALL``);
the longest prefix matching a code decides, and ``ignore`` wins a tie.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from ..model import XxgkError

DEFAULT_DEADLINES: dict[str, str] = {"department": "01-31", "government": "03-31", "township": "01-31"}
"""Art. 49: departments by 31 January, 本级政府 reports by 31 March; townships have no statutory date."""


class ConfigError(XxgkError):
    """A configuration file or option could not be used; the message names the file and the key."""


@dataclass(frozen=True)
class CheckConfig:
    """What `check_report` runs and how strictly."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    deadlines: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    fallback_deadline_severity: str = "info"
    """Severity of L101 for a body without a statutory deadline (township, unknown kind)."""
    severity: Mapping[str, str] = field(default_factory=dict)
    """Per-code severity overrides, e.g. ``{"C102": "warning"}``."""
    fee_wan_max: float = 10000.0
    """T201: a 收费金额 above this many 万元 (1亿元) from a department reads as 元 (×10 for governments)."""
    percent_tolerance: float = 0.05
    """N103/A102: percentage points allowed beyond the stated rounding."""
    fail_on: str = "error"
    baseline: str | None = None

    def enabled(self, code: str) -> bool:
        """Return whether `code` is selected and not ignored (longest matching prefix decides)."""
        return is_selected(code, self.select, self.ignore)


def _prefix_len(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    for p in prefixes:
        p = p.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif p and code.startswith(p):
            best = max(best, len(p))
    return best


def is_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Return whether `code` survives `select`/`ignore` (codes or prefixes, ``ALL`` matches everything)."""
    s, i = _prefix_len(code, select), _prefix_len(code, ignore)
    return s >= 0 and s > i


_LIST_KEYS = ("select", "ignore", "extend-select", "extend-ignore")


def find_config_file(start: str | Path | None = None) -> Path | None:
    """Return the nearest ``xxgk.toml``, or ``pyproject.toml`` with a ``[tool.xxgk]`` table, upward from `start`."""
    here = Path(start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / "xxgk.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                if "xxgk" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def read_options(path: str | Path) -> dict[str, Any]:
    """Return the xxgk options of a config file (``[tool.xxgk]`` of a pyproject, or all of an xxgk.toml)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the configuration ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from exc
    if p.name == "pyproject.toml":
        data = data.get("tool", {}).get("xxgk", {})
    # an xxgk.toml may also nest its options under [tool.xxgk] or [check]
    data = data.get("tool", {}).get("xxgk", data)
    return dict(data.get("check", {}), **{k: v for k, v in data.items() if k != "check"})


def config_from_options(options: Mapping[str, Any], *, source: str = "options") -> CheckConfig:
    """Return a `CheckConfig` built from a mapping of options (file keys use dashes or underscores)."""
    opts = {k.replace("_", "-"): v for k, v in options.items()}
    base = CheckConfig()
    kw: dict[str, Any] = {}
    for key in _LIST_KEYS:
        if key in opts and not (isinstance(opts[key], list) and all(isinstance(x, str) for x in opts[key])):
            raise ConfigError(f"{source}: {key} must be a list of rule codes or prefixes")
    if "select" in opts:
        kw["select"] = tuple(opts["select"])
    if "extend-select" in opts:
        kw["select"] = tuple(kw.get("select", base.select)) + tuple(opts["extend-select"])
    if "ignore" in opts or "extend-ignore" in opts:
        kw["ignore"] = tuple(opts.get("ignore", ())) + tuple(opts.get("extend-ignore", ()))
    if "deadlines" in opts:
        dl = opts["deadlines"]
        if not isinstance(dl, Mapping) or not all(_is_month_day(v) for v in dl.values()):
            raise ConfigError(f"{source}: deadlines must map a body kind to 'MM-DD'")
        kw["deadlines"] = {**DEFAULT_DEADLINES, **dl}
    if "severity" in opts:
        sev = opts["severity"]
        if not isinstance(sev, Mapping) or any(v not in ("error", "warning", "info") for v in sev.values()):
            raise ConfigError(f"{source}: severity must map a code to error, warning or info")
        kw["severity"] = dict(sev)
    for key, attr, typ in (
        ("fee-wan-max", "fee_wan_max", (int, float)),
        ("percent-tolerance", "percent_tolerance", (int, float)),
        ("fallback-deadline-severity", "fallback_deadline_severity", str),
        ("fail-on", "fail_on", str),
        ("baseline", "baseline", str),
    ):
        if key in opts:
            if not isinstance(opts[key], typ):
                raise ConfigError(f"{source}: {key} has the wrong type ({type(opts[key]).__name__})")
            kw[attr] = opts[key]
    if kw.get("fail_on", "error") not in ("error", "warning", "info"):
        raise ConfigError(f"{source}: fail-on must be error, warning or info")
    return dataclasses.replace(base, **kw)


def _is_month_day(v: Any) -> bool:
    if not isinstance(v, str) or len(v) != 5 or v[2] != "-":
        return False
    m, d = v[:2], v[3:]
    return m.isdecimal() and d.isdecimal() and 1 <= int(m) <= 12 and 1 <= int(d) <= 31


def load_config(start: str | Path | None = None) -> tuple[CheckConfig, Path | None]:
    """Return the configuration found upward from `start` (defaults when there is none) and its file."""
    path = find_config_file(start)
    if path is None:
        return CheckConfig(), None
    return config_from_options(read_options(path), source=str(path)), path
