"""Settings by name, from the C library's one table (flp_setting_at).

The bindings keep no list of their own: names, types, defaults and ranges
come from the table, and an unknown name or a bad value is the library's
ValueError naming the setting.
"""
import copy

from . import _core

# The tolerance the modelling-layer plug-ins (linprog, PuLP, CVXPY, linopy)
# use unless told otherwise. The layers' own tests compare values and duals
# to 4-6 places; at the library's default 1e-4 relative they differ from a
# simplex answer in the 3rd-5th place; at 1e-7 values, objectives and duals
# agree with HiGHS to about 1e-6 relative on the tests' models (see
# docs/python.md), at a few times the iterations of 1e-4.
PLUGIN_TOL = 1e-8


def settings():
    """Every setting: a list of dicts (name, type, default, min, max,
    min_open, max_open, choices, shapes_iterates, needs_setup, doc)."""
    return _core.settings_table()


def make(values, base=None):
    """A _core.Settings with the library's defaults (or base's values) and
    each name in values set; ValueError naming the first bad one."""
    s = copy.copy(base) if base is not None else _core.Settings()
    for name, value in values.items():
        s.set(name, value)
    return s


def as_dict(s):
    return {row["name"]: s.get(row["name"]) for row in _core.settings_table()}
