"""The budget planner: "with Rp X for N months, who can we cover?" (issue 4).

:func:`plan` ranks a cohort's eligible candidates by an ordered list of priority keys, buys as
many whole persons as the budget pays for N months, and keeps everyone else as a reserve list
in rank order. Every person costs the same (``unit_cost`` per person-month × ``months``), so
the selection is the first ``budget // (unit_cost × months)`` people of the ranking.

Priority keys (:data:`PRIORITY_KEYS`), applied in the order given:

- ``desil``: poorest first (desil 1 before 2); people without a desil come last.
- ``occupation_risk``: higher work-accident risk first, from :func:`occupation_risks`
  (``data/occupation_risk.csv``: 3 high, 2 medium, 1 low; an occupation missing from the table,
  or no occupation, is 0 and comes last).
- ``village_share``: spread the cohort across villages. Among the candidates still tied on the
  keys before it, the next place goes to the village whose share is lowest, where a village's
  share is ``(covered + ranked so far) / (covered + its candidates)`` — ``covered`` being the
  optional count already covered there (0 by default, which gives "ranked so far ÷ eligible
  candidates"). Equal shares go to the lower village code; inside the chosen village, the
  next person by the keys after ``village_share``, then person id.

Ties left after every key go to the lower person id, so a plan is deterministic. Amounts are
whole rupiah. Pure Python, no Django; 200,000 candidates take well under a second
(``tests/domain/test_planner.py`` measures it).

>>> people = [Candidate(1, 3, "petani", "7413031007", "741303"),
...           Candidate(2, 1, "nelayan", "7413031007", "741303"),
...           Candidate(3, 2, "ojek", "7413032001", "741303")]
>>> p = plan(people, budget=403_200, months=12, unit_cost=16_800, priority=["desil"])
>>> p.selected, p.reserve, p.total_cost, p.left
((2, 3), (1,), 403200, 0)
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

PRIORITY_KEYS: dict[str, str] = {
    "desil": "Desil terendah dahulu",
    "occupation_risk": "Risiko pekerjaan tertinggi dahulu",
    "village_share": "Sebaran antardesa (bagian desa terkecil dahulu)",
}
DEFAULT_PRIORITY: tuple[str, ...] = ("desil", "occupation_risk", "village_share")
#: Sort value of a missing desil: after desil 10.
NO_DESIL = 99
RISK_LEVELS = (1, 2, 3)


class PlanError(ValueError):
    """Input a plan cannot be made from; the message is Indonesian and ready for users."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One eligible person: the facts the priority keys read."""

    person_id: int
    desil: int | None
    occupation: str  # an occupation code (kawal.domain.occupations) or ""
    village_code: str
    district_code: str
    district_name: str = ""


@dataclass(frozen=True, slots=True)
class DistrictCost:
    """Persons selected and their cost in one kecamatan, and how many wait in reserve there."""

    code: str
    name: str
    persons: int
    cost: int
    reserve: int


@dataclass(frozen=True)
class Plan:
    """A ranked selection within a budget. ``reserve[i]`` has reserve rank ``i + 1``."""

    selected: tuple[int, ...]
    reserve: tuple[int, ...]
    districts: tuple[DistrictCost, ...]
    budget: int
    months: int
    unit_cost: int
    priority: tuple[str, ...]

    @property
    def cost_per_person(self) -> int:
        return self.unit_cost * self.months

    @property
    def total_cost(self) -> int:
        return len(self.selected) * self.cost_per_person

    @property
    def left(self) -> int:
        return self.budget - self.total_cost

    @property
    def candidates(self) -> int:
        return len(self.selected) + len(self.reserve)


@lru_cache(maxsize=1)
def occupation_risks() -> dict[str, int]:
    """Kawal's default occupation risk table (``data/occupation_risk.csv``); a pemda may
    pass its own mapping to :func:`plan` instead."""
    text = (files("kawal") / "domain" / "data" / "occupation_risk.csv").read_text("utf-8")
    table: dict[str, int] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            risk = int(row["risk"])
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanError(f"occupation_risk.csv baris {line}: risiko harus 1, 2 atau 3.") from exc
        if risk not in RISK_LEVELS or not row.get("occupation"):
            raise PlanError(f"occupation_risk.csv baris {line}: risiko harus 1, 2 atau 3.")
        table[row["occupation"]] = risk
    return table


def parse_priority(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"desil, village_share"`` (or a list) → a checked tuple of priority keys."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    keys = tuple(part.strip().lower() for part in parts if part.strip())
    if not keys:
        raise PlanError("Urutan prioritas kosong; pilih dari " + ", ".join(PRIORITY_KEYS) + ".")
    unknown = [k for k in keys if k not in PRIORITY_KEYS]
    if unknown:
        raise PlanError(
            f"Prioritas {', '.join(unknown)} tidak dikenal; pilih dari "
            + ", ".join(PRIORITY_KEYS)
            + "."
        )
    if len(set(keys)) != len(keys):
        raise PlanError("Setiap kunci prioritas hanya boleh muncul sekali.")
    return keys


def fingerprint(candidates: Iterable[Candidate], covered: Mapping[str, int] | None = None) -> str:
    """A SHA-256 of everything a ranking reads: a saved plan whose candidates changed since it
    was shown (someone proposed, a desil or an address changed) no longer matches."""
    digest = hashlib.sha256()
    rows = sorted(
        f"{c.person_id:012d}|{c.desil or 0}|{c.occupation}|{c.village_code}|{c.district_code}"
        for c in candidates
    )
    digest.update("\n".join(rows).encode())
    for village, count in sorted((covered or {}).items()):
        digest.update(f"\ncovered|{village}|{count}".encode())
    return digest.hexdigest()


def plan(
    candidates: Sequence[Candidate],
    *,
    budget: int,
    months: int,
    unit_cost: int,
    priority: Sequence[str] = DEFAULT_PRIORITY,
    covered: Mapping[str, int] | None = None,
    risks: Mapping[str, int] | None = None,
) -> Plan:
    """Rank ``candidates`` by ``priority`` and fill ``budget`` for ``months`` months.

    ``unit_cost`` is the cost of one person for one month in whole rupiah (the caller prices
    it with :func:`kawal.domain.contributions.quote`). ``covered`` is people already covered
    per village code (read by ``village_share``); ``risks`` replaces the default occupation
    risk table. Raises :class:`PlanError` with an Indonesian message for bad input.
    """
    keys = parse_priority(priority)
    _check_money(budget, months, unit_cost)
    seen: set[int] = set()
    for c in candidates:
        if c.person_id in seen:
            raise PlanError(f"Calon {c.person_id} tercantum dua kali.")
        seen.add(c.person_id)
    ranked = rank(candidates, keys, covered=covered or {}, risks=risks or occupation_risks())
    affordable = budget // (unit_cost * months)
    cut = min(len(ranked), affordable)
    selected = tuple(c.person_id for c in ranked[:cut])
    reserve = tuple(c.person_id for c in ranked[cut:])
    return Plan(
        selected=selected,
        reserve=reserve,
        districts=_districts(ranked, cut, unit_cost * months),
        budget=budget,
        months=months,
        unit_cost=unit_cost,
        priority=keys,
    )


def _check_money(budget: int, months: int, unit_cost: int) -> None:
    for value, what in ((budget, "Pagu"), (months, "Jumlah bulan"), (unit_cost, "Iuran")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise PlanError(f"{what} harus bilangan bulat.")
    if budget < 0:
        raise PlanError("Pagu tidak boleh negatif.")
    if months < 1:
        raise PlanError("Jumlah bulan paling sedikit 1.")
    if unit_cost < 1:
        raise PlanError("Iuran per orang per bulan harus lebih dari nol.")


def rank(
    candidates: Sequence[Candidate],
    keys: Sequence[str],
    *,
    covered: Mapping[str, int],
    risks: Mapping[str, int],
) -> list[Candidate]:
    """Every candidate in priority order (see the module docstring)."""

    def desil(c: Candidate) -> int:
        return NO_DESIL if c.desil is None else c.desil

    def risk(c: Candidate) -> int:
        return -risks.get(c.occupation, 0)

    def static(names: Sequence[str]):  # noqa: ANN202 - a sort key, unrolled for speed
        g = [desil if name == "desil" else risk for name in names]
        if len(g) == 0:
            return lambda c: (c.person_id,)
        if len(g) == 1:
            return lambda c: (g[0](c), c.person_id)
        return lambda c: (g[0](c), g[1](c), c.person_id)

    if "village_share" not in keys:
        return sorted(candidates, key=static(keys))
    split = list(keys).index("village_share")
    before, after = static(keys[:split]), static(keys[split + 1 :])
    tiers: dict[tuple, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    size: dict[str, int] = defaultdict(int)
    for c in candidates:
        tiers[before(c)[:-1]][c.village_code].append(c)
        size[c.village_code] += 1
    taken = {v: covered.get(v, 0) for v in size}
    whole = {v: covered.get(v, 0) + n for v, n in size.items()}
    ranked: list[Candidate] = []
    for tier in sorted(tiers):
        villages = tiers[tier]
        queues = {v: sorted(people, key=after, reverse=True) for v, people in villages.items()}
        heap = [(taken[v] / whole[v], v) for v in queues]
        heapq.heapify(heap)
        while heap:
            _share, village = heapq.heappop(heap)
            queue = queues[village]
            ranked.append(queue.pop())
            taken[village] += 1
            if queue:
                heapq.heappush(heap, (taken[village] / whole[village], village))
    return ranked


def _districts(ranked: list[Candidate], cut: int, cost_per_person: int) -> tuple[DistrictCost, ...]:
    names: dict[str, str] = {}
    chosen: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    for index, c in enumerate(ranked):
        names.setdefault(c.district_code, c.district_name)
        if index < cut:
            chosen[c.district_code] += 1
        else:
            waiting[c.district_code] += 1
    return tuple(
        DistrictCost(code, names[code], chosen[code], chosen[code] * cost_per_person, waiting[code])
        for code in sorted(names)
    )
