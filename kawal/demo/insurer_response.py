"""A simulated BPJS answer to a registration batch, for the demo only.

In real use the insurer sends the response file; in the demo nobody does, so the batch page of
a sent registration offers this file instead. It is deterministic: every fourth member (the
2nd, 6th, 10th … line) is rejected with a reason BPJS gives in practice ("NIK tidak padan dengan
data Dukcapil"), the others are accepted with a KPJ number (``26`` and the zero-padded
membership id, like the demo's seeded members) starting on the first day of the next month.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from kawal.domain.rates import add_months
from kawal.enrolment.models import Membership
from kawal.insurer.models import ExchangeBatch

HEADER = ["NIK", "Nama", "Status", "No KPJ", "Tgl Efektif", "Keterangan"]
REJECTION = "NIK tidak padan dengan data Dukcapil"


def simulated_response(batch: ExchangeBatch, *, today: date) -> bytes:
    """The CSV (UTF-8 with BOM) BPJS could have sent for ``batch``'s submitted members."""
    ids = list(
        batch.rows.filter(outcome="submitted")
        .order_by("id")
        .values_list("membership_id", flat=True)
    )
    people = {
        pk: (nik, name)
        for pk, nik, name in Membership.objects.filter(pk__in=ids).values_list(
            "pk", "person__nik", "person__full_name"
        )
    }
    start = add_months(today.replace(day=1), 1).strftime("%d-%m-%Y")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for line, membership_id in enumerate(ids, start=1):
        nik, name = people[membership_id][0], people[membership_id][1].upper()
        if line % 4 == 2:
            writer.writerow([nik, name, "DITOLAK", "", "", REJECTION])
        else:
            writer.writerow([nik, name, "DITERIMA", f"26{membership_id:09d}", start, ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
