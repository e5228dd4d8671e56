"""Nearest-entry lookup into table.json.gz, the same rule as table.ts: among entries with the same
categorical values, the nearest in the encoded unit cube (core/search-space.ts encodings; a
parameter inactive under its `when` is skipped)."""
import gzip
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE_PATH = os.path.join(HERE, "table.json.gz")


def encode_one(spec, value):
    """One numeric parameter to [0,1] as core/search-space.ts encodes it."""
    low, high, log = spec["low"], spec["high"], spec.get("log", False)
    if spec["type"] == "float":
        if log:
            return (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
        return (value - low) / (high - low)
    if log:
        a = math.log(low) - (math.log(low + 1) - math.log(low)) / 2
        b = math.log(high) + (math.log(high) - math.log(high - 1)) / 2
        return min(1.0, max(0.0, (math.log(value) - a) / (b - a)))
    return (value - low + 0.5) / (high - low + 1)


def active(space, name, params):
    when = space[name].get("when")
    return not when or all(params.get(parent) in values for parent, values in when.items())


class CurveTable:
    """The loaded table with nearest-entry lookup."""

    def __init__(self, path=TABLE_PATH):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        self.space = table["space"]
        self.epochs = table["epochs"]
        self.entries = table["configs"]
        self.categorical = [n for n, s in self.space.items() if s["type"] == "categorical"]
        self.numeric = [n for n, s in self.space.items() if s["type"] != "categorical"]
        self.groups = {}
        for index, entry in enumerate(self.entries):
            key = tuple(str(entry["params"][n]) for n in self.categorical)
            self.groups.setdefault(key, []).append((index, self._encode(entry["params"])))
        self.best_final = min(e["loss"][self.epochs - 1] for e in self.entries)

    def _encode(self, params):
        return [encode_one(self.space[n], params[n]) if n in params else 0.0 for n in self.numeric]

    def nearest(self, params):
        """Index of the nearest table entry to params."""
        group = self.groups[tuple(str(params[n]) for n in self.categorical)]
        x = self._encode(params)
        use = [active(self.space, n, params) for n in self.numeric]
        best, best_d = group[0][0], math.inf
        for index, gx in group:
            d = sum((a - b) ** 2 for a, b, u in zip(x, gx, use) if u)
            if d < best_d:
                best, best_d = index, d
        return best
