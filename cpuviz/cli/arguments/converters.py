"""The argparse types of every command: each checks the text it is given and nothing more.

A converter reads no file the command line names and starts no process (those files are read
after parsing, see `named_files`); its complaint is one line, which argparse prefixes with the
flag. The one value made here is a CPU source, whose psutil kind takes its first reading of the
CPU times when made: the baseline of the window's first sample, not a file the user named.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TypeVar

from cpuviz.core.runs.cluster_target import parse_scheduler
from cpuviz.core.runs.plan import WORK_SIZES
from cpuviz.core.runs.switch_interval import SWITCH_INTERVALS, SwitchInterval
from cpuviz.core.sampling.sources import CpuSource, parse_source

Choice = TypeVar("Choice", bound=StrEnum)

# The smallest and largest picture `cpuviz snapshot --size WxH` takes: from a phone to 8K.
MIN_WINDOW_SIZE, MAX_WINDOW_SIZE = (320, 240), (7680, 4320)


def ranged(number: type[int] | type[float], low: float, high: float) -> Callable[[str], float]:
    """A number within [low, high], with a one-line complaint."""

    def parse(text: str) -> float:
        try:
            value = number(text)
        except ValueError:
            kind = "whole number" if number is int else "number"
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:g} is outside {low:g}…{high:g}")
        return value

    return parse


def one_of(enum: type[Choice], allowed: Sequence[Choice]) -> Callable[[str], Choice]:
    """An enum value, whose complaint lists what is allowed."""

    def parse(text: str) -> Choice:
        try:
            choice = enum(text)
        except ValueError:
            choice = None
        if choice not in allowed:
            names = ", ".join(item.value for item in allowed)
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {names}")
        return choice

    return parse


def comma_separated(text: str) -> list[str]:
    """'a,b,c' as its non-empty parts: names checked after parsing (e.g. --pythons)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("expected one name or more, separated by commas")
    return parts


def comma_list(enum: type[Choice]) -> Callable[[str], list[Choice]]:
    """'a,b,c' of enum values; 'all' means every one."""

    def parse(text: str) -> list[Choice]:
        if text.strip() == "all":
            return list(enum)
        try:
            return [enum(name.strip()) for name in text.split(",") if name.strip()]
        except ValueError:
            choices = ",".join(item.value for item in enum)
            raise argparse.ArgumentTypeError(f"{text!r}: choose from {choices} or all") from None

    return parse


def switch_interval(text: str) -> SwitchInterval:
    """--switch-interval MS: one of the intervals the GIL page offers, refused in the words
    argparse's own int-with-choices used, so the complaint reads as it always has."""
    try:
        interval = SwitchInterval(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if interval not in SWITCH_INTERVALS:
        choices = ", ".join(str(offered.ms) for offered in SWITCH_INTERVALS)
        raise argparse.ArgumentTypeError(f"invalid choice: {interval.ms} (choose from {choices})")
    return interval


def cpu_source(text: str) -> CpuSource:
    """psutil or synthetic:N."""
    try:
        return parse_source(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def scheduler(text: str) -> str:
    """A Dask scheduler's address, tcp://HOST:PORT or tls://HOST:PORT."""
    try:
        return parse_scheduler(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def window_size(text: str) -> tuple[int, int]:
    """WxH, e.g. 1024x768, within what a screen can be."""
    width, _, height = text.lower().partition("x")
    (min_width, min_height), (max_width, max_height) = MIN_WINDOW_SIZE, MAX_WINDOW_SIZE
    if not (width.isdigit() and height.isdigit()) or not (
        min_width <= int(width) <= max_width and min_height <= int(height) <= max_height
    ):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1024x768")
    return int(width), int(height)


def work_or_window_size(text: str) -> str | tuple[int, int]:
    """A work size's name (small, medium, large), else a picture's WxH."""
    if text in WORK_SIZES:
        return text
    return window_size(text)
