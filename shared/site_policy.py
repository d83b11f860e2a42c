"""The priority policy a site's center set from the console (``site_settings``), read without
the ORM: issuing a number and the wait estimate follow the policy the counters call by
(``shared.center_settings`` sets it; each PC's layso.toml gives the default)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal, cast

from shared.config import QueueSettings

#: The stored keys, as named in layso.toml.
PRIORITY_POLICY = "queue.priority_policy"
PRIORITY_EVERY = "queue.priority_every"
POLICIES = ("strict", "interleave")
MAX_PRIORITY_EVERY = 50


def stored_policy(values: Mapping[str, Any]) -> tuple[Literal["strict", "interleave"] | None,
                                                      int | None]:
    """The stored policy and its N from a site's settings, each None where not set or no
    longer valid (an older or hand-edited row)."""
    policy = values.get(PRIORITY_POLICY)
    every = values.get(PRIORITY_EVERY)
    return (cast(Literal["strict", "interleave"], policy) if policy in POLICIES else None,
            every if isinstance(every, int) and not isinstance(every, bool)
            and 1 <= every <= MAX_PRIORITY_EVERY else None)


def with_policy(base: QueueSettings, policy: str | None, every: int | None) -> QueueSettings:
    """``base`` (the file's) with the center's policy and N where set."""
    if policy is None and every is None:
        return base
    return replace(base, priority_policy=policy or base.priority_policy,  # type: ignore[arg-type]
                   priority_every=every or base.priority_every)
