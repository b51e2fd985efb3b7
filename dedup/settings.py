"""Options of a command from a TOML file (`dedup clean --config dedup.toml`).

Keys are the long option names of the command, with dashes or underscores (`num-perm` or
`num_perm`); values are checked and converted by the option's own type and choices, so every
option the CLI gains can live in the file without changes here. The values become the parser's
defaults, so flags given on the command line override them.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import tomllib

NOT_IN_FILE = ("help", "config")  # options that make no sense in the file itself


class SettingsError(ValueError):
    """The file cannot be read or holds an option the command does not have or cannot take."""


def options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The parser's options by long name without dashes ('num-perm')."""
    return {
        name[2:]: action
        for action in parser._actions  # argparse has no public list of a parser's options
        for name in action.option_strings
        if name.startswith("--") and action.dest not in NOT_IN_FILE
    }


def load(path: Path, parser: argparse.ArgumentParser) -> dict[str, Any]:
    """Option values of the TOML file at `path`, by argparse destination, ready for `set_defaults`."""
    try:
        table = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    known = options(parser)
    values: dict[str, Any] = {}
    for key, value in table.items():
        action = known.get(key.replace("_", "-"))
        if action is None:
            raise SettingsError(f"config file {path}: unknown option {key!r}; "
                                f"known options: {', '.join(sorted(known))}")
        values[action.dest] = _convert(action, value, f"config file {path}: {key}")
    return values


def _convert(action: argparse.Action, value: Any, where: str) -> Any:
    """`value` as the option would parse it on the command line."""
    if action.nargs == 0:  # a flag such as --force
        if not isinstance(value, bool):
            raise SettingsError(f"{where} must be true or false, got {value!r}")
        return action.const if value else action.default
    if isinstance(value, (bool, dict, list)) or (action.type is None and not isinstance(value, str)):
        raise SettingsError(f"{where} must be {'a string' if action.type is None else 'a single value'}, "
                            f"got {value!r}")
    try:
        converted = action.type(str(value)) if callable(action.type) else value
    except (ValueError, TypeError, argparse.ArgumentTypeError) as exc:
        raise SettingsError(f"{where}: invalid value {value!r} ({exc})") from exc
    if action.choices is not None and converted not in action.choices:
        raise SettingsError(f"{where} must be one of {', '.join(map(str, action.choices))}, got {value!r}")
    return converted
