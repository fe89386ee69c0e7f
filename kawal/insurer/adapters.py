"""How Kawal talks to the insurer: a protocol, and its file implementation.

The lifecycle code (:mod:`kawal.insurer.services`) only calls :class:`InsurerAdapter`. Today
BPJS Ketenagakerjaan exchanges files with a pemda, so :class:`FileAdapter` writes the
registration file and reads the response and roster files a person uploads. A future API
client implements the same three methods (``source`` is then, say, a batch reference or a date)
and the services, the checks and the pages stay as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import polars as pl

from kawal.domain.insurer_layouts import Layout
from kawal.pipelines.insurer import map_incoming, registration_frame, write_table
from kawal.pipelines.intake.read import read_table


@dataclass(frozen=True)
class BatchHandle:
    """What the insurer got: a reference to quote later (the file name for files) and a
    digest of what was sent; ``path`` is the file written, when there is one."""

    reference: str
    sha256: str
    path: Path | None = None


@dataclass(frozen=True)
class Fetched:
    """An answer from the insurer mapped onto the layout's canonical fields (``frame``:
    ``row`` plus one String column per field), with the digest that identifies it."""

    frame: pl.DataFrame
    sha256: str
    reference: str


class InsurerAdapter(Protocol):
    """The three exchanges with the insurer. Implementations raise
    :class:`kawal.pipelines.intake.read.IntakeFileError` or
    :class:`kawal.pipelines.insurer.ExchangeFileError` for answers they cannot read."""

    channel: str

    def register_batch(
        self, *, batch_id: int, members: pl.DataFrame, layout: Layout
    ) -> BatchHandle:
        """Send the members (a frame of the layout's source fields) for registration."""
        ...

    def fetch_responses(self, *, source: object, layout: Layout) -> Fetched:
        """The insurer's answer to a registration: accepted (KPJ, start date) or rejected."""
        ...

    def fetch_roster(self, *, source: object, layout: Layout) -> Fetched:
        """The insurer's list of participants and their status."""
        ...


class FileAdapter:
    """Exchange through files: XLSX or CSV written under ``folder``, uploads read with the
    intake reader (so a bad file gets the intake's Indonesian messages)."""

    channel = "file"

    def __init__(
        self, *, folder: Path, max_bytes: int, file_format: Literal["xlsx", "csv"] = "xlsx"
    ) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.file_format = file_format

    def register_batch(
        self, *, batch_id: int, members: pl.DataFrame, layout: Layout
    ) -> BatchHandle:
        target = self.folder / str(batch_id)
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"pendaftaran-{batch_id}-{layout.code}.{self.file_format}"
        write_table(registration_frame(members, layout), path, sheet="Pendaftaran")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return BatchHandle(reference=path.name, sha256=digest, path=path)

    def _fetch(self, source: object, layout: Layout) -> Fetched:
        path = Path(str(source))
        result = read_table(path, max_bytes=self.max_bytes)
        incoming = map_incoming(result, layout)
        return Fetched(frame=incoming.frame, sha256=result.sha256, reference=path.name)

    def fetch_responses(self, *, source: object, layout: Layout) -> Fetched:
        return self._fetch(source, layout)

    def fetch_roster(self, *, source: object, layout: Layout) -> Fetched:
        return self._fetch(source, layout)

    def fetch_deaths(self, *, source: object, layout: Layout) -> Fetched:
        """A death extract (Dukcapil or a village list): not the insurer's, read the same way."""
        return self._fetch(source, layout)
