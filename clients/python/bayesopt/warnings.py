"""Warnings for trials the server gave but not as asked (mirrors sdk/warnings.ts)."""
from __future__ import annotations

import warnings
from typing import Iterable, List

from .trial import Trial


class BayesOptWarning(UserWarning):
    """A trial is a space-filling fallback or came from a stand-in model, not the study's own."""


def warnings_of(trials: Iterable[Trial]) -> List[str]:
    """One message per trial whose `diagnostics` say it fell back."""
    out: List[str] = []
    for t in trials:
        d = t.diagnostics
        if d.get("phase") == "fallback":
            reason = d.get("fallbackReason") or "no reason given"
            out.append(f"trial {t.number} of study {t.study_id} is a space-filling fallback, not a model suggestion: {reason}")
        elif isinstance(d.get("modelFallback"), str):
            reason = d.get("modelFallbackReason") or "no reason given"
            out.append(f"trial {t.number} of study {t.study_id} was suggested by the stand-in model '{d['modelFallback']}': {reason}")
    return out


def emit(trials: Iterable[Trial]) -> None:
    """Issues a BayesOptWarning for each fallback trial (Python's warnings filters apply)."""
    for message in warnings_of(trials):
        warnings.warn(message, BayesOptWarning, stacklevel=3)
