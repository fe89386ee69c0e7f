"""A deterministic synthetic village population with the hard negatives that real data holds.

:func:`make_population` builds true people for linkage benchmarks, tests and the demo:

* households of adult siblings: same mother, address and household birth place, the same phone
  now and then, birth dates one to ten years apart;
* twins, about 1 % of people: same mother, birth date, village and address, adjacent NIK
  serials, different given names, similar ones (Hasan/Husen) for 40 % of pairs;
* namesakes: a small name pool, plus 2.5 % of people with a very common name (Muhammad Ali,
  Siti Aminah, La Ode Ahmad), repeated within a village with different birth dates.

:mod:`kawal.demo.messy_records` turns people into records as a village types them.

Everything is vectorised in Polars: 1,000,000 people take about 2 s on two cores. Randomness
comes from :func:`uniform`, a counter-based generator: a 32-bit integer hash of (seed, salt, row
number) in Polars integer arithmetic, so frames depend on the seed and not on Polars' own random
or hash functions (which may change between versions). Pure Python and Polars: no Django.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import polars as pl

from kawal.demo import names as pool

REGIONS_CSV = Path(__file__).resolve().parents[1] / "regions" / "data" / "regions.csv"

#: Household sizes (adults of working age in one household) and weights: 1.76 people on average.
HOUSEHOLD_SIZES = ((1, 50), (2, 30), (3, 14), (4, 6))
#: Share of households of two or more whose first two members are twins: ~1 % of people.
TWIN_HOUSEHOLDS = 0.018
SIMILAR_TWIN_NAMES = 0.4
#: Share of people living alone in the intake (~28 % of people) who carry one of the very
#: common names: ~2.5 % of all people.
COMMON_NAME_SHARE = 0.09
#: Share of people with a phone; a later household member uses the first member's phone this often.
PHONE_SHARE = 0.7
SHARED_PHONE = 0.2
MIN_AGE, MAX_AGE = 18, 64

#: Household naming styles: Muna nobility (La Ode/Wa Ode), Muna (La/Wa), Muslim, migrant.
STYLES = (("noble", 12), ("muna", 48), ("muslim", 33), ("migrant", 7))
OCCUPATIONS = (
    ("petani", 38), ("nelayan", 16), ("pedagang", 9), ("buruh harian lepas", 9), ("ojek", 5),
    ("tukang bangunan", 5), ("buruh tani", 4), ("wiraswasta", 4), ("peternak", 3),
    ("penenun", 3), ("sopir", 2), ("guru ngaji", 2),
)  # fmt: skip
PHONE_PREFIXES = ("0812", "0813", "0852", "0853", "0821", "0822", "0823", "0851", "0877", "0895")
COMMON_MALE = ("Muhammad Ali", "La Ode Ahmad", "Ahmad", "Muhammad Yusuf", "La Ali", "Abdul Rahman")
COMMON_FEMALE = ("Siti Aminah", "Wa Ode Nurhayati", "Sitti Aisyah", "Nurhayati", "Wa Ani")
#: Similar twin names (first twin, second twin): two boys, two girls, a boy and a girl.
TWINS_MALE = (
    ("Hasan", "Husen"), ("Hasan", "Husain"), ("Rahman", "Rahim"), ("Fajar", "Fajri"),
    ("Rizal", "Rizki"), ("Amir", "Amin"), ("Sahir", "Sahid"),
)  # fmt: skip
TWINS_FEMALE = (
    ("Hasna", "Husna"), ("Fitri", "Fitria"), ("Rahma", "Rahmi"), ("Wati", "Wita"),
    ("Nurul", "Nurlia"), ("Asma", "Asmi"),
)  # fmt: skip
TWINS_MIXED = (
    ("Hasan", "Hasna"), ("Rahman", "Rahma"), ("Fikri", "Fikria"), ("Amir", "Amira"),
    ("Yusuf", "Yusnia"), ("Ikhsan", "Ikhsani"),
)  # fmt: skip

MARITAL = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")

_M32 = 2**32
_EPOCH = date(1970, 1, 1)


def _mix(x: pl.Series) -> pl.Series:
    """A 32-bit integer finaliser (``lowbias32``) on UInt64 values below 2**32."""
    x = x ^ (x // 65536)
    x = x * 0x7FEB352D % _M32
    x = x ^ (x // 32768)
    x = x * 0x846CA68B % _M32
    return x ^ (x // 65536)


def uniform(seed: int, salt: str, rows: int | pl.Series) -> pl.Series:
    """Uniform floats in [0, 1) fixed by ``seed`` and ``salt``, one per row number in ``rows``
    (UInt64 below 2**32; an int n means rows 0 to n - 1). The value for a row depends on that
    row only, so a subset of rows gets the values the whole frame would; another salt gives an
    independent stream."""
    key = zlib.crc32(f"{seed}/{salt}".encode())
    if isinstance(rows, int):
        rows = pl.int_range(rows, dtype=pl.UInt64, eager=True)
    return (_mix((rows * 0x9E3779B1 + key) % _M32).cast(pl.Float64) / _M32).alias(salt)


def dice(seed: int, scope: str, rows: int | pl.Series) -> Callable[[str], pl.Expr]:
    """``dice(seed, scope, rows)(salt)``: the :func:`uniform` values of ``scope/salt`` for
    ``rows`` as a literal column, for expressions on a frame of those rows (drawn once)."""
    drawn: dict[str, pl.Series] = {}

    def draw(salt: str) -> pl.Expr:
        if salt not in drawn:
            drawn[salt] = uniform(seed, f"{scope}/{salt}", rows)
        return pl.lit(drawn[salt])

    return draw


def take(values: Sequence[object], index: pl.Expr) -> pl.Expr:
    """The value at ``index`` (modulo the length) of ``values`` (strings or integers)."""
    return pl.lit(pl.Series(list(values))).gather((index % len(values)).cast(pl.UInt32))


def pick(u: pl.Expr, values: Sequence[object]) -> pl.Expr:
    """A uniform choice from ``values`` for ``u``."""
    return take(values, (u * len(values)).floor())


def weighted(u: pl.Expr, weights: Sequence[float]) -> pl.Expr:
    """The index (UInt32) of a choice among ``weights`` (positive numbers) for ``u``."""
    total = sum(weights)
    bounds = [sum(weights[: i + 1]) / total for i in range(len(weights) - 1)]
    return pl.lit(pl.Series(bounds, dtype=pl.Float64)).search_sorted(u, side="right")


def load_villages(region: str = "7413", path: Path = REGIONS_CSV) -> pl.DataFrame:
    """Current villages whose code starts with ``region`` (a regency such as Muna Barat, 7413:
    86 villages; the province of Sulawesi Tenggara, 74: 2,287) from the shipped region list,
    in the form :func:`make_population` takes: ``code``, ``name``, ``district_code``,
    ``district_name``."""
    regions = pl.read_csv(path, infer_schema=False).filter(pl.col("valid_to").is_null())
    districts = regions.filter(level="district").select(district_code="code", district_name="name")
    return (
        regions.filter(pl.col("level") == "village", pl.col("code").str.starts_with(region))
        .join(districts, left_on="parent_code", right_on="district_code")
        .select("code", "name", district_code="parent_code", district_name="district_name")
        .sort("code")
    )


def _days_before(today: date, years: int) -> int:
    """Days since 1970 of the date ``years`` before ``today`` (28 Feb for 29 Feb)."""
    day = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
    return (day.replace(year=day.year - years) - _EPOCH).days


def _households(
    count: int, seed: int, villages: pl.DataFrame, span: tuple[int, int]
) -> pl.DataFrame:
    """``count`` households with everything their members share."""
    weights = (0.5 + uniform(seed, "village-weight", villages.height)).to_list()
    u = dice(seed, "household", count)
    oldest, youngest = span
    sizes = [s for s, _ in HOUSEHOLD_SIZES]
    father = pl.when(u("father") < 0.45).then(" " + pick(u("father-name"), pool.SURNAME_LIKE))
    father = father.when(u("father") < 0.55).then(" " + pick(u("father-name"), pool.MALE_GIVEN))
    frame = pl.DataFrame({"household": pl.int_range(count, dtype=pl.Int64, eager=True)})
    frame = frame.with_columns(
        size=take(sizes, weighted(u("size"), [w for _, w in HOUSEHOLD_SIZES])).cast(pl.Int64),
        village_index=weighted(u("village"), weights),
        style=take([s for s, _ in STYLES], weighted(u("style"), [w for _, w in STYLES])),
        address=pick(u("street"), pool.STREETS) + " No. " + _digits(u("house"), 150, 1),
        rt=_digits(u("rt"), 8, 1).str.zfill(3),
        rw=_digits(u("rw"), 4, 1).str.zfill(3),
        base_birth=(oldest + (u("birth") * (youngest - oldest + 1)).floor()).cast(pl.Int64),
        twins=u("twins") < TWIN_HOUSEHOLDS,
        similar=u("similar") < SIMILAR_TWIN_NAMES,
        twin_u=u("twin-names"),
        given_base=(u("given") * 1000).floor().cast(pl.Int64),
        given_step=(u("step") * 4 + 1).floor().cast(pl.Int64),
        place=pl.when(u("place") < 0.4).then(pick(u("place-name"), pool.BIRTH_PLACES)),
    )
    style = pl.col("style")
    mother = (
        pl.when(style == "noble").then(pl.lit("Wa Ode ")).when(style == "muna").then(pl.lit("Wa "))
    )
    mother_given = pick(u("mother"), pool.FEMALE_GIVEN)
    surname = pl.when(u("mother-surname") < 0.3).then(" " + pick(u("ms"), pool.SURNAME_LIKE))
    return frame.with_columns(
        father=pl.when(style == "migrant").then(pl.lit("")).otherwise(father.otherwise(pl.lit(""))),
        mother_name=pl.when(style == "migrant")
        .then(pick(u("mother"), pool.MIGRANT_FEMALE))
        .otherwise(
            pl.when(mother_given.str.starts_with("Waode"))
            .then(pl.lit(""))
            .otherwise(mother.otherwise(pl.lit("")))
            + mother_given
            + surname.otherwise(pl.lit(""))
        ),
    )


def _digits(u: pl.Expr, count: int, start: int = 0) -> pl.Expr:
    """A uniform integer in ``start .. start + count - 1`` as a string."""
    return ((u * count).floor() + start).cast(pl.Int64).cast(pl.String)


def _given() -> pl.Expr:
    """Given names: household members get different ones from the pool of their style and sex;
    twins of a "similar" pair get a pair such as Hasan/Husen."""
    # Steps of 1 to 4 through pools of 46 and 50 names never meet within four members; the
    # migrant pools (5 and 6 names) take steps of 1.
    step = pl.when(pl.col("style") == "migrant").then(1).otherwise(pl.col("given_step"))
    index = pl.col("given_base") + pl.col("k") * step
    male, first = pl.col("sex") == "L", pl.col("k") == 0
    migrant = pl.when(male).then(take(pool.MIGRANT_MALE, index))
    local = pl.when(male).then(take(pool.MALE_GIVEN, index))
    plain = (
        pl.when(pl.col("style") == "migrant")
        .then(migrant.otherwise(take(pool.MIGRANT_FEMALE, index)))
        .otherwise(local.otherwise(take(pool.FEMALE_GIVEN, index)))
    )
    other = pl.when(first).then(pl.col("sex").shift(-1)).otherwise(pl.col("sex").shift(1))
    other_male = other == "L"

    def pair(pairs: tuple[tuple[str, str], ...], first_of_pair: pl.Expr) -> pl.Expr:
        index = (pl.col("twin_u") * len(pairs)).floor()
        a, b = take([p[0] for p in pairs], index), take([p[1] for p in pairs], index)
        return pl.when(first_of_pair).then(a).otherwise(b)

    similar = (
        pl.when(male & other_male)
        .then(pair(TWINS_MALE, first))
        .when(~male & ~other_male)
        .then(pair(TWINS_FEMALE, first))
        .otherwise(pair(TWINS_MIXED, male))
    )
    use_similar = pl.col("twin") & pl.col("similar") & (pl.col("style") != "migrant")
    return pl.when(use_similar).then(similar).otherwise(plain)


def _full_name(u: pl.Expr) -> pl.Expr:
    """Prefix (La Ode/Wa Ode, La/Wa), sometimes Muhammad or Siti, the given name, and the
    father's name when the household uses one."""
    male, style, given = pl.col("sex") == "L", pl.col("style"), pl.col("given")
    islamic = pl.when((style == "migrant") | given.str.contains("^(?:Muh|Ahmad|Sit|Waode)"))
    islamic = islamic.then(pl.lit("")).when(male & (u < 0.12)).then(pl.lit("Muhammad "))
    islamic = islamic.when(~male & (u < 0.10)).then(pl.lit("Siti ")).otherwise(pl.lit(""))
    prefix = (
        pl.when(given.str.starts_with("Waode"))
        .then(pl.lit(""))
        .when(style == "noble")
        .then(pl.when(male).then(pl.lit("La Ode ")).otherwise(pl.lit("Wa Ode ")))
        .when(style == "muna")
        .then(pl.when(male).then(pl.lit("La ")).otherwise(pl.lit("Wa ")))
        .otherwise(pl.lit(""))
    )
    father = pl.when(pl.col("father") == " " + given).then(pl.lit("")).otherwise(pl.col("father"))
    return pl.concat_str(prefix, islamic, given, father)


def _nik(people: pl.DataFrame) -> pl.Expr:
    """NIKs: kecamatan code, DDMMYY (+40 for women), and a serial from 0001 per kecamatan and
    birth date in row (``entity``) order."""
    key = pl.col("district_code").cast(pl.Int64) * 100_000 + pl.col("birth_days") + 50_000
    ordered = people.select(key=key, at=pl.int_range(pl.len())).sort("key", maintain_order=True)
    row = pl.int_range(pl.len())
    first = pl.when(pl.col("key").ne_missing(pl.col("key").shift())).then(row)
    serial = ordered.select(row - first.forward_fill() + 1)
    if serial.max().item() > 9999:
        raise ValueError("more than 9,999 people share a kecamatan and a birth date")
    in_rows = pl.zeros(people.height, pl.Int64, eager=True).scatter(ordered["at"], serial)
    # Built in row order (not gathered back from the sorted frame), so the strings lie in
    # memory in row order and later string work on them stays fast.
    birth = pl.col("birth_date")
    day = birth.dt.day().cast(pl.Int32) + pl.when(pl.col("sex") == "P").then(40).otherwise(0)
    ddmmyy = day * 10_000 + birth.dt.month().cast(pl.Int32) * 100 + birth.dt.year() % 100
    return pl.concat_str(
        pl.col("district_code"),
        ddmmyy.cast(pl.String).str.zfill(6),
        pl.lit(in_rows).cast(pl.String).str.zfill(4),
    )


def _person_columns(
    seed: int, n: int, span: tuple[int, int], today: date
) -> list[dict[str, pl.Expr]]:
    """Per-person columns, in rounds (later ones use earlier ones)."""
    u = dice(seed, "person", n)
    oldest, youngest = span
    base, k = pl.col("base_birth"), pl.col("k")
    offset = (365 + (u("gap") * 3286).floor()) * pl.when(u("sign") < 0.5).then(-1).otherwise(1)
    shifted = base + offset
    outside = (shifted < oldest) | (shifted > youngest)
    sibling = pl.when(outside).then(base - offset).otherwise(shifted)
    phone = pick(u("phone-prefix"), PHONE_PREFIXES) + _digits(u("phone"), 10**8).str.zfill(8)
    job = take([o for o, _ in OCCUPATIONS], weighted(u("job"), [w for _, w in OCCUPATIONS]))
    first = {
        "entity": pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        "sex": pl.when(u("sex") < 0.55).then(pl.lit("L")).otherwise(pl.lit("P")),
        "birth_days": pl.when((k == 0) | (pl.col("twin") & (k == 1))).then(base).otherwise(sibling),
        "phone": pl.when(u("has-phone") < PHONE_SHARE).then(phone),
        "occupation": job,
        "birth_place": pl.when(pl.col("place").is_not_null())
        .then(pl.col("place"))
        .otherwise(pl.col("district_name")),
    }
    age = (_days_before(today, 0) - pl.col("birth_days")) / 365.25
    young = pl.when(u("marital") < 0.75).then(pl.lit(MARITAL[0])).otherwise(pl.lit(MARITAL[1]))
    second = {
        "given": _given(),
        "birth_date": pl.col("birth_days").cast(pl.Int32).cast(pl.Date),
        "marital_status": pl.when(age < 25)
        .then(young)
        .otherwise(take(MARITAL, weighted(u("marital"), (8, 80, 5, 7)))),
        "phone": pl.when((k > 0) & (u("share-phone") < SHARED_PHONE))
        .then(pl.col("phone").gather(pl.int_range(pl.len()) - k))
        .otherwise(pl.col("phone")),
        "birth_place": pl.when(~pl.col("twin") & (u("own-place") < 0.15))
        .then(pick(u("own-place-name"), pool.BIRTH_PLACES))
        .otherwise(pl.col("birth_place")),
    }
    common = (
        pl.when(pl.col("sex") == "L")
        .then(pick(u("common-name"), COMMON_MALE))
        .otherwise(pick(u("common-name"), COMMON_FEMALE))
    )
    alone = pl.col("size") == 1
    third = {
        "full_name": pl.when(alone & (u("common") < COMMON_NAME_SHARE))
        .then(common)
        .otherwise(_full_name(u("islamic"))),
    }
    # Two siblings never share a full name (members of a household are adjacent rows).
    name, household = pl.col("full_name"), pl.col("household")
    same = [(name == name.shift(j)) & (household == household.shift(j)) for j in (1, 2, 3)]
    again = pl.any_horizontal(same).fill_null(False)
    fourth = {
        "full_name": pl.when(again)
        .then(name + " " + pick(u("second-name"), pool.MALE_GIVEN))
        .otherwise(name)
    }
    return [first, second, third, fourth]


def make_population(n: int, *, seed: int, villages: pl.DataFrame, today: date) -> pl.DataFrame:
    """``n`` true people aged 18–64 on ``today`` in ``villages`` (``code``, ``name``,
    ``district_code``, ``district_name``), the same for the same arguments.

    Columns: ``entity`` (Int64, 1 to n in household order), ``nik``, ``full_name``, ``sex``
    (L/P), ``birth_date`` (Date), ``birth_place``, ``mother_name``, ``marital_status``
    (Dukcapil words), ``village_code``, ``village_name``, ``district_code``,
    ``district_name``, ``address``, ``rt``, ``rw``, ``phone`` (null for ~30 %), ``occupation``,
    and for tests and analysis ``household`` (Int64) and ``twin`` (Boolean).

    NIK: the village's kecamatan code, DDMMYY of the birth date (+40 on the day for women), a
    serial from 0001 per kecamatan and birth date in ``entity`` order: twins' are adjacent.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    mean = sum(s * w for s, w in HOUSEHOLD_SIZES) / sum(w for _, w in HOUSEHOLD_SIZES)
    span = (_days_before(today, MAX_AGE + 1) + 1, _days_before(today, MIN_AGE))
    count = int(n / mean * 1.05) + 10
    households = _households(count, seed, villages, span)
    while households["size"].sum() < n:  # never seen; more households keep the first ones
        count *= 2
        households = _households(count, seed, villages, span)
    villages = villages.with_row_index("village_index")
    people = (
        households.with_columns(k=pl.int_ranges(0, pl.col("size")))
        .explode("k")
        .head(n)
        .with_columns(twin=pl.col("twins") & (pl.col("size") >= 2) & (pl.col("k") <= 1))
        .join(villages, on="village_index", how="left", maintain_order="left")
    )
    for columns in _person_columns(seed, people.height, span, today):
        people = people.with_columns(**columns)
    return people.with_columns(nik=_nik(people)).select(
        "entity", "nik", "full_name", "sex", "birth_date", "birth_place", "mother_name",
        "marital_status", village_code="code", village_name="name", district_code="district_code",
        district_name="district_name", address="address", rt="rt", rw="rw", phone="phone",
        occupation="occupation", household="household", twin="twin",
    )  # fmt: skip
