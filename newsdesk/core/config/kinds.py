"""The kinds of value a setting holds: how an environment variable is read and shown.

One unit per kind: a duration is seconds, a size bytes. A variable may name
another unit (`15m`, `12h`, `30d`, `250ms`; `512KB`, `32MB`), and the value is
converted; a bare number is seconds or bytes.
"""

import ipaddress
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
BYTES = {"b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2, "gb": 1024**3,
         "gib": 1024**3}
_AMOUNT = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*", re.I)


def _whole(number):
    return int(number) if float(number).is_integer() else number


def _amount(raw, variable, units, what, example):
    match = _AMOUNT.fullmatch(raw)
    unit = match.group(2).lower() if match else None
    if not match or (unit and unit not in units):
        raise ImproperlyConfigured(f"{variable}={raw!r} is not {what}: use e.g. {example}.")
    return _whole(float(match.group(1)) * (units[unit] if unit else 1))


def _show_amount(value, units):
    for unit, factor in sorted(units.items(), key=lambda item: -item[1]):
        if value and factor > 1 and value % factor == 0 and unit not in ("kib", "mib", "gib"):
            return f"{value} ({_whole(value / factor)}{unit.upper() if len(unit) > 1 else unit})"
    return str(value)


@dataclass(frozen=True)
class Kind:
    name: str
    parse: object  # (raw text, variable name) -> value
    show: object = str  # value -> how docs/configuration.md writes it
    python: tuple = (str,)  # the Python types a value of this kind may have


def _text(raw, variable):
    return raw.strip()


def _boolean(raw, variable):
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{variable}={raw!r} is not a boolean: use true or false.")


def _integer(raw, variable):
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{variable}={raw!r} is not a whole number.") from None


def _list(raw, variable):
    return [item.strip() for item in raw.split(",") if item.strip()]


def _networks(raw, variable):
    entries = _list(raw, variable)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{variable}: {entry!r} is not an address or network: use e.g. "
                "127.0.0.1/32,10.0.0.0/8."
            ) from None
    return tuple(entries)


def _show_list(value):
    return ",".join(value) if value else "empty"


TEXT = Kind("text", _text, lambda value: value if value else "empty")
BOOLEAN = Kind("boolean", _boolean, lambda value: "true" if value else "false", (bool,))
INTEGER = Kind("integer", _integer, str, (int,))
DURATION = Kind(
    "duration",
    lambda raw, variable: _amount(raw, variable, SECONDS, "a duration", "900, 15m, 12h or 30d"),
    lambda value: _show_amount(value, SECONDS), (int, float),
)
SIZE = Kind(
    "size", lambda raw, variable: _amount(raw, variable, BYTES, "a size", "1048576, 512KB or 32MB"),
    lambda value: _show_amount(value, BYTES), (int,),
)
LIST = Kind("list", _list, _show_list, (list, tuple))
NETWORKS = Kind("networks", _networks, _show_list, (list, tuple))
# Set in the settings module only (a dict, say): no environment variable reads it.
OBJECT = Kind("object", None, lambda value: "see the settings module", (object,))
