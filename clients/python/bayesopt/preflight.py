"""Checks a request before it is sent: JSON cannot carry NaN or infinities faithfully."""
from __future__ import annotations

import math
import numbers
from typing import Any, List, Optional, Union

from .errors import BayesOptError

Path = List[Union[str, int]]


def first_non_finite(value: Any, path: Optional[Path] = None) -> Optional[Path]:
    """The path of the first float that is NaN or infinite inside `value`, or None."""
    path = path or []
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        # floats and numpy floating scalars (registered as numbers.Real)
        return None if math.isfinite(float(value)) else path
    if isinstance(value, dict):
        for k, v in value.items():
            found = first_non_finite(v, path + [str(k)])
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = first_non_finite(v, path + [i])
            if found is not None:
                return found
    return None


def check_outgoing(operation: str, payload: Any) -> None:
    """Raises INVALID_ARGUMENT naming the field when `payload` holds a non-finite number.

    Python's json module would write NaN/Infinity, which is not JSON: the server would answer a
    vague "malformed JSON body" (and a strict encoder fails outright); naming the field is kinder.
    """
    path = first_non_finite(payload)
    if path is None:
        return
    where = ".".join(str(p) for p in path)
    raise BayesOptError(
        "INVALID_ARGUMENT",
        f"{operation}: {where}: must be a finite number",
        [{"path": path, "message": "must be a finite number"}],
        retryable=False,
    )
