"""The settings table: declarations, reading the environment, validating values."""

import os
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

from newsdesk.core.config.kinds import OBJECT

PROJECT = "NEWSDESK"
NUMBERS = ("integer", "duration", "size")  # an empty variable is the default, as if unset
_tables = []  # every Table made, in import order: what checks, docs and assemble() see
deprecated_in_use = []  # (old variable, new variable) read from this environment


@dataclass(frozen=True)
class Derived:
    """A default computed from settings read before it; `text` says how, for the docs."""

    compute: object  # (values: mapping of setting name -> value) -> default
    text: str


@dataclass(frozen=True)
class Setting:
    name: str  # short: "RATE_LIMIT"; the table adds its prefix
    kind: object
    default: object
    help: str
    choices: tuple = ()
    minimum: float | None = None
    # Today's variable names and the factor from their unit to this one (minutes: 60).
    aliases: dict = field(default_factory=dict)
    env: str | None = ""  # "" : NEWSDESK_<APP>_<NAME>; None: no variable; else that name
    what: str = "valid"  # "is not <what>" when not among the choices
    clean: object = None  # value -> value, ImproperlyConfigured naming the fix (a URL's form)


class Table:
    """One app's settings. `prefix` is the app's (COMMENTS), or NEWSDESK for the project's."""

    def __init__(self, prefix, *settings, label=None):
        self.prefix = prefix
        self.label = label or ("core" if prefix == PROJECT else prefix.lower())
        self.settings = {setting.name: setting for setting in settings}
        _tables.append(self)

    def __iter__(self):
        return iter(self.settings.values())

    def __contains__(self, name):
        return name in self.settings

    def django_name(self, setting):
        return setting.name if self.prefix == PROJECT and setting.name.startswith(PROJECT) \
            else f"{self.prefix}_{setting.name}"

    def variable(self, setting):
        if setting.env is None or setting.kind is OBJECT:
            return None
        return setting.env or f"{PROJECT}_{self.django_name(setting).removeprefix(PROJECT + '_')}"

    def get(self, name):
        """The current value of one of this table's settings (override_settings included)."""
        from django.conf import settings

        setting = self.settings[name]
        value = getattr(settings, self.django_name(setting), _MISSING)
        if value is _MISSING:
            value = default_of(setting, _SettingsView())
        return value

    def read(self, environ, values):
        """{Django name: value} from the environment, defaults filled in; `values` grows."""
        for setting in self:
            values[self.django_name(setting)] = self.read_one(setting, environ, values)
        return values

    def read_one(self, setting, environ, values):
        variable = self.variable(setting)
        raw = environ.get(variable) if variable else None
        factor = 1
        if raw is None and variable:
            for old, old_factor in setting.aliases.items():
                if old in environ:
                    raw, factor = environ[old], old_factor
                    deprecated_in_use.append((old, variable))
                    warnings.warn(f"{old} is deprecated: use {variable}.", DeprecationWarning,
                                  stacklevel=2)
                    break
        if raw is None or (not raw.strip() and setting.kind.name in NUMBERS):
            return default_of(setting, values)
        value = setting.kind.parse(raw, variable)
        if factor != 1:
            value = value * factor
            value = int(value) if float(value).is_integer() else value
        problem = self.problem(setting, value, shown=raw)
        if problem:
            raise ImproperlyConfigured(problem[1])
        return setting.clean(value) if setting.clean else value

    def problem(self, setting, value, shown=None):
        """(kind of problem, sentence naming the variable) or None."""
        name = self.variable(setting) or self.django_name(setting)
        shown = repr(shown if shown is not None else value)
        if setting.kind.python != (object,) and not isinstance(value, setting.kind.python) or (
            isinstance(value, bool) and bool not in setting.kind.python
        ):
            return "E001", f"{name}={shown} is not a {setting.kind.name}."
        if setting.choices and value not in setting.choices:
            return "E002", (f"{name}={shown} is not {setting.what}: use one of "
                            f"{', '.join(setting.choices)}.")
        if setting.minimum is not None and value < setting.minimum:
            return "E003", f"{name}={shown} must be at least {setting.minimum}."
        return None

    def problems(self):
        """Every value in effect that its declaration refuses, as (id, sentence)."""
        found = []
        for setting in self:
            problem = self.problem(setting, self.get(setting.name))
            if problem:
                found.append((f"{self.label}.{problem[0]}", problem[1]))
        return found

    def validate(self):
        """Stop start-up with the first sentence naming a wrong variable (from ready())."""
        for _id, sentence in self.problems():
            raise ImproperlyConfigured(sentence)


_MISSING = object()


class _SettingsView:
    """Django's settings as the mapping a Derived default reads."""

    def __getitem__(self, name):
        from django.conf import settings

        return getattr(settings, name)


def default_of(setting, values):
    if isinstance(setting.default, Derived):
        return setting.default.compute(values)
    default = setting.default
    return list(default) if isinstance(default, list) else default


def tables():
    return list(_tables)


def assemble(*tables, environ=None):
    """Every table's settings from the environment, for newsdesk/settings.py."""
    environ = os.environ if environ is None else environ
    values = {}
    for table in tables:
        table.read(environ, values)
    return values
