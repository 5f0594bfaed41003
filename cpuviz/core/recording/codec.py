"""Values ↔ JSON: the frozen dataclasses a recording holds, every field's type checked on read.

Encoding is a dataclass as an object of its fields, an enum as its value, a tuple as a list and
a float rounded to FLOAT_DIGITS; `json.dumps` writes the rest, so files are byte for byte what
earlier versions wrote. Decoding builds one decoder per type, once, from its type hints:
a field added later has a default, so older recordings still play; a field no version knows,
a true where a count belongs, or a number beyond a float's range is refused with what was wrong.

Hand-written rather than msgspec or cattrs (weighed for issue 25 on a recording of 5 minutes
on 64 cores, 6.8 MB, whose JSON parsing alone takes 0.14 s):
- msgspec (C) decodes it in 0.04 s against this module's 0.2 s (1.7 s before decoders were
  built once per type), but it silently drops fields it does not know in a dataclass (only its
  own Structs can forbid them, and our types are the dataclasses every worker sends); it writes
  compact JSON, so the floats would still need this rounding walk and `json.dumps` for the
  bytes to stay the same; and it is a compiled dependency in the window and the bundle, to
  save about 1.5 s once, before the window opens, on a recording at the 64 MB limit.
- cattrs (pure Python, 0.16 s) turns true into 1 and "1.5" into 1.5 unless every plain type gets
  a hook of its own, and reports a bad line as a nested exception group to be flattened.
What the libraries would have added is what is written here: strict plain types, known fields
only, and messages of one line.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

# Tenths of a millisecond, hundredths of a percent point: finer than anything shown.
FLOAT_DIGITS = 4

Decoder = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """`value` as what `json.dumps` writes: objects, lists, strings, numbers, null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    return value


def decode(kind: Any, value: Any) -> Any:
    """Build `kind` from what `json.loads` read; ValueError says what was wrong."""
    return _decoder_for(kind)(value)


@functools.cache
def _decoder_for(kind: Any) -> Decoder:
    """How to build `kind` from JSON: made once per type, as reading type hints is slow."""
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return _optional_decoder(arguments)
    if origin is tuple or (origin is dict and arguments[0] is str):  # tuple[X, ...], dict[str, X]
        item = _decoder_for(arguments[0] if origin is tuple else arguments[1])
        return _tuple_decoder(item) if origin is tuple else _dict_decoder(item)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    if kind is float:
        return _float
    if kind in (int, str, bool):
        return _exactly(kind)
    raise TypeError(f"a recording cannot hold a {kind}")


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    names = [field.name for field in fields]
    known = frozenset(names)
    # A field added later has a default, so recordings made before it still play.
    required = frozenset(field.name for field in fields if field.default is dataclasses.MISSING)
    decoders = {name: _decoder_for(hints[name]) for name in names}

    def decode_dataclass(value: Any) -> Any:
        if not isinstance(value, dict) or not required <= value.keys() <= known:
            raise ValueError(f"{kind.__name__} needs exactly the fields {', '.join(names)}")
        return kind(**{name: decoders[name](item) for name, item in value.items()})

    return decode_dataclass


def _optional_decoder(arguments: tuple[Any, ...]) -> Decoder:
    """X | None: null, or an X (the only unions a recorded field has)."""
    inner = _decoder_for(next(argument for argument in arguments if argument is not type(None)))
    if type(None) not in arguments:
        return inner
    return lambda value: None if value is None else inner(value)


def _tuple_decoder(item: Decoder) -> Decoder:
    def decode_tuple(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r:.40}")
        return tuple(map(item, value))

    return decode_tuple


def _dict_decoder(item: Decoder) -> Decoder:
    """dict[str, X]: an object whose every value is an X."""

    def decode_dict(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValueError(f"expected an object, got {value!r:.40}")
        return {key: item(entry) for key, entry in value.items()}

    return decode_dict


def _float(value: Any) -> float:
    # bool is an int to Python, but a true/false where a number belongs is a broken file.
    if type(value) is float or type(value) is int:
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number):  # Python's json reads NaN, Infinity and 1e999
            raise ValueError(f"expected a finite number, got {value!r:.40}")
        return number
    raise ValueError(f"expected float, got {value!r:.40}")


def _exactly(kind: type) -> Decoder:
    def decode_plain(value: Any) -> Any:
        if type(value) is kind:
            return value
        raise ValueError(f"expected {kind.__name__}, got {value!r:.40}")

    return decode_plain
