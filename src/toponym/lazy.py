"""The one way toponym computes derived state: lazily, once, thread-safe.

Reference data (word lists, a pack's index) is loaded on first use, never at import time, and only
once even when several threads ask at the same moment (double-checked under a lock, as pycountry
loads its databases). ``once`` does it for a module-level value, ``lazy`` for an attribute of an
object (a gazetteer's matcher): ``functools.cached_property`` gives no such guarantee since
Python 3.12.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
_MISSING: Any = object()


def once(factory: Callable[[], T]) -> Callable[[], T]:
    """A function returning ``factory()``, computed on the first call only."""
    value: T = _MISSING
    lock = threading.Lock()

    def get() -> T:
        nonlocal value
        if value is _MISSING:
            with lock:
                if value is _MISSING:
                    value = factory()
        return value

    get.__doc__ = factory.__doc__
    get.__name__ = factory.__name__
    return get


class lazy(Generic[T]):
    """A read-only attribute computed on first access, once per object, under the object's lock."""

    def __init__(self, factory: Callable[[Any], T]) -> None:
        self._factory = factory
        self._name = factory.__name__
        self.__doc__ = factory.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type) -> lazy[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> lazy[T] | T:
        if instance is None:
            return self
        values = instance.__dict__
        value = values.get(self._name, _MISSING)
        if value is _MISSING:
            with _lock_of(instance):
                value = values.get(self._name, _MISSING)
                if value is _MISSING:
                    value = values[self._name] = self._factory(instance)
        return value


_locks_guard = threading.Lock()


def _lock_of(instance: object) -> threading.RLock:
    """The object's own lock (re-entrant: one lazy attribute may need another), made on first use."""
    lock = instance.__dict__.get("_lazy_lock")
    if lock is None:
        with _locks_guard:
            lock = instance.__dict__.setdefault("_lazy_lock", threading.RLock())
    return lock
