"""Demo data that other modules add to `lidhja demo-data`.

The case module's command makes the demo users and cases; every other module that has pages
to show (bodies and meetings, trainings, the helpline, campaigns …) registers a loader in its
AppConfig.ready(). A loader receives the seed and the demo users by user name, writes its
clearly synthetic rows through its own services, and returns one line for the command's
report ("12 bodies, 40 meetings"). Loaders run in registration order, inside the command's
transaction, and only when the demo data is first loaded.
"""

import random
from collections.abc import Callable
from typing import Any

DemoLoader = Callable[[random.Random, dict[str, Any]], str]

LOADERS: list[DemoLoader] = []


def register_demo(loader: DemoLoader) -> DemoLoader:
    if loader not in LOADERS:
        LOADERS.append(loader)
    return loader


def load_demo(seed: int, users: dict[str, Any]) -> list[str]:
    """Run every registered loader with its own generator (the same seed gives the same data)."""
    return [
        loader(random.Random(f"{seed}:{loader.__module__}"), users)  # noqa: S311 -- synthetic data
        for loader in LOADERS
    ]
