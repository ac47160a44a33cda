"""Access report and erasure of one person: time per request against the database's size.

Run as ``.venv/bin/python bench/dsr_bench.py`` (``make bench``). Without
``--people`` it runs 100,000 and then 1,000,000 people. Each size runs in its
own child process, which:

1. generates the people and their register records with ``find_bench``'s
   generator (same data, same subject-index entries, same checks) in a fresh
   ``bench/out/dsr-people-N``;
2. picks random people with records in five registers (a person, a customer, a
   web-shop order, a service job and their sales vouchers); at the later sizes,
   each a random person with the same records per type as the first size's
   sample in the same place, so that the sizes are compared person for person;
3. times, for other people each time, the access report as the command line
   makes it (``actor=None``): the data and the portability bundle
   (``download_portability_bundle``: read, audit events, ZIP) and the full
   report (``build_access_report``: the same plus the HTML letter and its PDF);
4. times the erasure of one person: ``make_plan``, then ``review_plan`` and
   ``execute_plan`` (what ``rekisteri erase --execute`` does), each sample a
   different person;
5. counts the SQL queries of every timed call, and checks that every report
   holds exactly the person's generated records and that every erasure deleted,
   emptied or restricted them as its plan says.

The parent prints a Markdown table and the machine. This is a benchmark, not a
timed test: slowness fails nothing, wrong data fails loudly.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from find_bench import (
    OUT_DIR,
    ROOT,
    BenchError,
    generate,
    machine,
    migrate,
    nearest_rank,
    setup_django,
    verify,
)

DEFAULT_SIZES = (100_000, 1_000_000)
#: Untimed runs first (connection, caches, WeasyPrint's fonts), each checked against
#: ``CaptureQueriesContext`` too.
WARMUP = 3
LANGUAGE = "fi"

#: The generated models and the path from each to its person: how the checks find a
#: person's records without the data map the app uses.
PERSON_PATHS = {
    "subjects.Person": "pk",
    "customers.Customer": "person",
    "customers.CustomerEmail": "customer__person",
    "customers.CustomerPhone": "customer__person",
    "customers.CustomerAddress": "customer__person",
    "webshop.WebshopAccount": "person",
    "webshop.Order": "person",
    "webshop.OrderLine": "order__person",
    "service.ServiceJob": "person",
    "sales.Voucher": "person",
    "sales.VoucherLine": "voucher__person",
    "recruiting.JobApplication": "person",
    "staff.Employee": "person",
}

OPERATIONS = (
    ("bundle", "access: data + bundle (ZIP)"),
    ("report", "access: full report (HTML, PDF, ZIP)"),
    ("plan", "erasure: plan"),
    ("execute", "erasure: review + execute"),
    ("erasure", "erasure: plan + execute"),
)


#: Statements that are not counted as queries: the transaction's own (``CaptureQueriesContext``
#: sees the COMMIT but not the BEGIN, ``execute_wrapper`` the other way round).
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def is_transaction_control(sql: str) -> bool:
    return sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


class QueryCounter:
    """Counts the SQL statements run through the connection (``execute_wrapper``).

    Unlike ``CaptureQueriesContext`` it keeps no SQL text, so it can stay on while
    timing: SQLite's debug cursor runs an extra query per query to quote the
    parameters it records.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not is_transaction_control(sql):
            self.count += 1
        return execute(sql, params, many, context)


def person_records(pid: int) -> Counter[str]:
    """Return the person's generated records per model, found along :data:`PERSON_PATHS`."""
    from django.apps import apps

    counts: Counter[str] = Counter()
    for label, path in PERSON_PATHS.items():
        model = apps.get_model(label)
        found = model._base_manager.filter(**{path: pid}).count()
        if found:
            counts[label] = found
    return counts


def shape_of(records: Mapping[str, int]) -> str:
    """Name what a person has, record type by record type (``customers.Customer:1,...``)."""
    return ",".join(f"{label}:{n}" for label, n in sorted(records.items()))


def plan_shape(plan: Any) -> str:
    """Name what an executed plan decided, item by item (``model.field:action:count,...``)."""
    items = Counter(f"{i.model_label}.{i.field}:{i.action}" for i in plan.items.all())
    return ",".join(f"{key}:{n}" for key, n in sorted(items.items()))


def _lists(r: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    return {"shapes": r["shapes"], "plans": r["plans"]}


def person_facts(pid: int) -> dict[str, str]:
    """Return the person's first e-mail and name (what the checks look for in the output)."""
    from django.apps import apps

    from rekisteri.subjects.models import Person

    email = apps.get_model("customers", "CustomerEmail")
    person = Person.objects.get(pk=pid)
    return {
        "email": email._base_manager.filter(customer__person=pid).order_by("id")[0].value,
        "first_name": person.first_name,
        "last_name": person.last_name,
    }


def candidates() -> list[int]:
    """Return the people who have both a web-shop order and a service job.

    Such a person has records in five registers: subjects, customers, webshop
    (order and lines), service and sales (the vouchers of the order and the job).
    """
    from django.apps import apps

    order = apps.get_model("webshop", "Order")
    job = apps.get_model("service", "ServiceJob")
    with_job = set(job._base_manager.values_list("person_id", flat=True))
    return sorted(set(order._base_manager.values_list("person_id", flat=True)) & with_job - {None})


def shapes_of(people: Sequence[int]) -> dict[int, str]:
    """Return :func:`shape_of` for each of ``people``, by one grouped query per model."""
    from django.apps import apps
    from django.db.models import Count

    wanted = set(people)
    counts: dict[int, dict[str, int]] = {pid: {} for pid in people}
    for label, path in PERSON_PATHS.items():
        model = apps.get_model(label)
        if path == "pk":
            for pid in people:
                counts[pid][label] = 1
            continue
        rows = (
            model._base_manager.order_by()
            .values_list(path)
            .annotate(n=Count("pk"))
            .values_list(path, "n")
        )
        for pid, n in rows.iterator(chunk_size=20_000):
            if pid in wanted:
                counts[pid][label] = n
    return {pid: shape_of(c) for pid, c in counts.items()}


def pick_people(
    access: int, erasure: int, seed: int, match: Mapping[str, Sequence[str]] | None
) -> tuple[list[int], list[int], int]:
    """Return random people for the warm-up and the access samples, for the warm-up and the
    erasure samples, and how many samples were matched.

    With ``match`` (the shapes sampled at the first size, per operation), each sample is a
    random person with exactly the same records per type as the sample in the same place
    there, when such a person exists; so the sizes are compared person for person.
    """
    rng = random.Random(seed + 17)
    pool = candidates()
    needed = 2 * WARMUP + access + erasure
    if len(pool) < needed:
        raise BenchError(f"only {len(pool)} people have an order and a service job")
    if match is None:
        chosen = rng.sample(pool, needed)
        split = WARMUP + access
        return chosen[:split], chosen[split:], 0
    by_shape: dict[str, list[int]] = {}
    for pid, shape in shapes_of(pool).items():
        by_shape.setdefault(shape, []).append(pid)
    used: set[int] = set()
    matched = 0

    def take(shape: str | None) -> int:
        nonlocal matched
        twins = [pid for pid in by_shape.get(shape or "", []) if pid not in used]
        if twins:
            matched += shape is not None
            pid = rng.choice(twins)
        else:
            pid = rng.choice([pid for pid in pool if pid not in used])
        used.add(pid)
        return pid

    lists = []
    for key, count in (("report", access), ("erasure", erasure)):
        shapes = list(match.get(key, []))[:count]
        shapes += [None] * (count - len(shapes))  # type: ignore[list-item]
        warm = [take(None) for _ in range(WARMUP)]
        lists.append(warm + [take(shape) for shape in shapes])
    return lists[0], lists[1], matched


# --- Checks -----------------------------------------------------------------------------


def check_report(pid: int, expected: Counter[str], data: Any, bundle: bytes) -> int:
    """Fail unless the report lists exactly the person's generated records and the bundle
    holds their data; return the number of records in the report."""
    facts = person_facts(pid)
    got = Counter(r.model_label for g in data.registers for r in g.records)
    mine = Counter({label: n for label, n in got.items() if label in PERSON_PATHS})
    if mine != expected:
        raise BenchError(
            f"access report of person {pid}: records {dict(mine)}, expected {dict(expected)}"
        )
    if [p.pk for p in data.people] != [pid]:
        raise BenchError(f"access report of person {pid} is about {[p.pk for p in data.people]}")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        names = archive.namelist()
        text = "\n".join(archive.read(name).decode("utf-8") for name in names)
    if "manifest.json" not in names or facts["email"] not in text:
        raise BenchError(f"bundle of person {pid} lacks the manifest or their e-mail: {names}")
    rows = sum(len(f.rows) for f in data.bundle)
    if rows == 0:
        raise BenchError(f"bundle of person {pid} holds no rows")
    return sum(got.values())


def check_full_report(pid: int, expected: Counter[str], report: Any) -> int:
    """Also check the letter: the person's name and e-mail in the HTML, a real PDF."""
    facts = person_facts(pid)
    count = check_report(pid, expected, report.data, report.bundle)
    for key in ("email", "first_name", "last_name"):
        if facts[key] not in report.html:
            raise BenchError(f"the letter of person {pid} lacks their {key}")
    if not report.pdf.startswith(b"%PDF-") or len(report.pdf) < 10_000:
        raise BenchError(f"the PDF of person {pid} is not a letter ({len(report.pdf)} bytes)")
    if count != report.record_count:
        raise BenchError(f"person {pid}: record_count {report.record_count}, counted {count}")
    return count


def check_erasure(pid: int, expected: Counter[str], plan: Any) -> dict[str, int]:
    """Fail unless the executed plan covered every record of the person and each record was
    deleted, emptied or kept (restricted) as the plan says; index entries included."""
    from django.apps import apps

    from rekisteri.erasure.models import PlanStatus
    from rekisteri.erasure.policies import Action
    from rekisteri.privacy.models import IndexEntry
    from rekisteri.subjects.models import Person

    if plan.status != PlanStatus.EXECUTED:
        raise BenchError(f"erasure of person {pid}: plan {plan.reference} is {plan.status}")
    items = list(plan.items.all())
    planned = Counter(i.model_label for i in items if not i.field)
    mine = Counter({label: n for label, n in planned.items() if label in PERSON_PATHS})
    if mine != expected:
        raise BenchError(f"erasure of person {pid}: planned {dict(mine)}, had {dict(expected)}")
    actions: Counter[str] = Counter()
    held = False
    for item in items:
        if item.field:
            continue
        model = apps.get_model(item.model_label)
        row = model._base_manager.filter(pk=item.object_id).first()
        actions[str(item.action)] += 1
        if item.action == Action.DELETE:
            entries = IndexEntry.objects.filter(
                model=item.model_label, object_id=item.object_id
            ).count()
            if row is not None or entries:
                raise BenchError(
                    f"erasure of person {pid}: {item.model_label} {item.object_id} planned for "
                    f"deletion is still there ({entries} index entries)"
                )
            continue
        if row is None:
            raise BenchError(f"erasure of person {pid}: kept {item.model_label} is gone")
        held = held or item.action == Action.HOLD
        for cleared in plan.items.filter(
            model_label=item.model_label, object_id=item.object_id, action=Action.ANONYMISE
        ).exclude(field=""):
            value = getattr(row, cleared.field)
            if value not in (None, "", 0) and not (
                isinstance(value, str | list | dict) and not value
            ):
                raise BenchError(
                    f"erasure of person {pid}: {item.model_label}.{cleared.field} still holds "
                    "a value"
                )
    person = Person.objects.filter(pk=pid).first()
    if person is not None and held and not person.is_restricted:
        raise BenchError(
            f"erasure of person {pid}: records are kept but the person is not restricted"
        )
    if not actions.get(str(Action.DELETE)) and not actions.get(str(Action.ANONYMISE)):
        raise BenchError(f"erasure of person {pid} erased nothing: {dict(actions)}")
    return dict(actions)


# --- Timing --------------------------------------------------------------------------------


def timed(call: Callable[[], Any]) -> tuple[Any, float, int]:
    """Run ``call``; return its result, milliseconds and SQL statements."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, counter.count


def captured(call: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``call`` untimed; fail unless ``CaptureQueriesContext`` sees what the counter sees."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        result, _ms, counted = timed(call)
    seen = sum(not is_transaction_control(q["sql"]) for q in context.captured_queries)
    if seen != counted:
        raise BenchError(f"query counter {counted} but CaptureQueriesContext {seen}")
    return result, counted


def summary(
    times: Sequence[float], queries: Sequence[int], records: Sequence[int]
) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(nearest_rank(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries_median": statistics.median(queries),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "records_median": statistics.median(records),
        "records_min": min(records),
        "records_max": max(records),
        "n": len(times),
        "times_ms": [round(t, 2) for t in times],
        "queries": list(queries),
        "records": list(records),
    }


def measure(
    people: int,
    access_samples: int,
    erasure_samples: int,
    seed: int,
    match: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Time access reports and erasures of random people; check every result."""
    from django.utils import timezone

    from rekisteri.access.services import build_access_report, download_portability_bundle
    from rekisteri.erasure.services import execute_plan, make_plan, review_plan
    from rekisteri.subjects.models import Person

    today = timezone.localdate()
    access_people, erasure_people, matched = pick_people(
        access_samples, erasure_samples, seed, match
    )
    load_before = os.getloadavg()[0]

    def bundle_of(person: Person) -> bytes:
        return download_portability_bundle(None, people=[person], language=LANGUAGE, today=today)

    def report_of(person: Person) -> Any:
        return build_access_report(None, people=[person], language=LANGUAGE, today=today)

    def plan_for(person: Person) -> Any:
        return make_plan(None, person, today=today)

    def execute(plan: Any) -> Any:
        return execute_plan(None, review_plan(None, plan), today=today)

    results: dict[str, dict[str, list[Any]]] = {
        key: {"times": [], "queries": [], "records": [], "shapes": [], "plans": []}
        for key, _ in OPERATIONS
    }
    for n, pid in enumerate(access_people):
        expected = person_records(pid)
        person = Person.objects.get(pk=pid)
        if n < WARMUP:
            # Untimed, checked by CaptureQueriesContext: the report must hold the records.
            report, _q = captured(partial(report_of, person))
            check_full_report(pid, expected, report)
            captured(partial(bundle_of, person))
            continue
        bundle, bundle_ms, bundle_q = timed(partial(bundle_of, person))
        report, report_ms, report_q = timed(partial(report_of, person))
        records = check_full_report(pid, expected, report)
        shape = shape_of(expected)
        # The bundle made on its own must hold the same records and the person's e-mail.
        check_report(pid, expected, report.data, bundle)
        for key, ms, q in (("bundle", bundle_ms, bundle_q), ("report", report_ms, report_q)):
            results[key]["times"].append(ms)
            results[key]["queries"].append(q)
            results[key]["records"].append(records)
            results[key]["shapes"].append(shape)
    print(
        f"  access: {access_samples} people, bundle median "
        f"{statistics.median(results['bundle']['times']):.1f} ms, full report median "
        f"{statistics.median(results['report']['times']):.1f} ms",
        flush=True,
    )
    for n, pid in enumerate(erasure_people):
        expected = person_records(pid)
        records = sum(expected.values())
        shape = shape_of(expected)
        person = Person.objects.get(pk=pid)
        if n < WARMUP:
            plan, _q = captured(partial(plan_for, person))
            plan, _q = captured(partial(execute, plan))
            check_erasure(pid, expected, plan)
            continue
        plan, plan_ms, plan_q = timed(partial(plan_for, person))
        plan, exec_ms, exec_q = timed(partial(execute, plan))
        check_erasure(pid, expected, plan)
        decided = plan_shape(plan)
        for key, ms, q in (
            ("plan", plan_ms, plan_q),
            ("execute", exec_ms, exec_q),
            ("erasure", plan_ms + exec_ms, plan_q + exec_q),
        ):
            results[key]["times"].append(ms)
            results[key]["queries"].append(q)
            results[key]["records"].append(records)
            results[key]["shapes"].append(shape)
            results[key]["plans"].append(decided)
    print(
        f"  erasure: {erasure_samples} people, plan + execute median "
        f"{statistics.median(results['erasure']['times']):.1f} ms",
        flush=True,
    )
    operations = {
        key: {**summary(r["times"], r["queries"], r["records"]), **_lists(r)}
        for key, r in results.items()
    }
    for key, label in OPERATIONS:
        s = operations[key]
        print(
            f"  {label:38} median {s['median_ms']:9.1f} ms  p95 {s['p95_ms']:9.1f} ms  "
            f"queries {s['queries_median']:g} ({s['queries_min']}-{s['queries_max']})  "
            f"records {s['records_median']:g}",
            flush=True,
        )
    return {
        "operations": operations,
        "access_samples": access_samples,
        "erasure_samples": erasure_samples,
        "matched": matched,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def run_child(args: argparse.Namespace) -> int:
    """Generate, verify and measure one size; write the results as JSON."""
    import shutil

    people = args.people[0]
    data_dir = OUT_DIR / f"dsr-people-{people}"
    started = time.perf_counter()
    print(f"== {people:,} people in {data_dir.relative_to(ROOT)}", flush=True)
    setup_django(data_dir)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    created = migrate()
    if created:
        print(f"  note: no migrations yet, tables created directly for {created}", flush=True)
    gen, load = generate(people, args.seed)
    db_file = data_dir / "rekisteri.sqlite3"
    load["db_bytes"] = db_file.stat().st_size
    print(
        f"  loaded {load['total_rows']:,} rows ({load['index_entries']:,} index entries) in "
        f"{load['load_seconds']} s; database {load['db_bytes'] / 2**30:.2f} GiB",
        flush=True,
    )
    checks = verify(gen, args.seed)
    del gen
    match = json.loads(Path(args.match).read_text(encoding="utf-8")) if args.match else None
    figures = measure(people, args.access_samples, args.erasure_samples, args.seed, match)
    result = {
        "people": people,
        "register_rows": load["register_rows"],
        "index_entries": load["index_entries"],
        "load_seconds": load["load_seconds"],
        "db_bytes": load["db_bytes"],
        "verify": checks,
        **figures,
        "seconds": round(time.perf_counter() - started, 1),
    }
    Path(args.result).write_text(json.dumps(result, indent=2), encoding="utf-8")
    if not args.keep:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir)
    return 0


# --- The parent: sizes, machine, report -------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def pairs(first: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Per operation: samples of ``other`` with the same records as the first size's sample in
    the same place, and how many of those ran the same number of SQL queries."""
    out = {}
    for key, _label in OPERATIONS:
        a, b = first["operations"][key], other["operations"][key]
        plans_a = a["plans"] or [""] * len(a["shapes"])
        plans_b = b["plans"] or [""] * len(b["shapes"])
        twins = [
            (qa, qb, pa == pb)
            for sa, qa, pa, sb, qb, pb in zip(
                a["shapes"], a["queries"], plans_a, b["shapes"], b["queries"], plans_b, strict=True
            )
            if sa == sb
        ]
        same_plan = [(qa, qb) for qa, qb, same in twins if same]
        out[key] = {
            "samples": len(b["shapes"]),
            "twins": len(twins),
            "same_plan": len(same_plan),
            "same_queries": sum(qa == qb for qa, qb in same_plan),
        }
    return out


def markdown(results: Iterable[dict[str, Any]], host: Mapping[str, str]) -> str:
    """Return the report: machine, data, and per operation the figures of every size."""
    results = list(results)
    out = [
        f"Machine: {host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['os']}; "
        f"Python {host['python']}, SQLite {host['sqlite']}, Django {host['django']}; "
        f"{host['date']} (load average at start {host['load']}).",
        "",
        "| people | register rows | index entries | database |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        out.append(
            f"| {r['people']:,} | {r['register_rows']:,} | {r['index_entries']:,} | "
            f"{r['db_bytes'] / 2**30:.2f} GiB |"
        )
    out += [
        "",
        "| operation | people | median | p95 | median vs. smallest | p95 vs. smallest "
        "| SQL queries: median (min–max) | records per person: median (min–max) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base = results[0] if results else None
    for key, label in OPERATIONS:
        for r in results:
            s = r["operations"][key]
            b = base["operations"][key] if base else s
            ratio = (
                "— | —"
                if r is base
                else f"{s['median_ms'] / b['median_ms']:.2f}× | {s['p95_ms'] / b['p95_ms']:.2f}×"
            )
            out.append(
                f"| {label} | {r['people']:,} | {_ms(s['median_ms'])} | {_ms(s['p95_ms'])} "
                f"| {ratio} | {s['queries_median']:g} ({s['queries_min']}–{s['queries_max']}) "
                f"| {s['records_median']:g} ({s['records_min']}–{s['records_max']}) |"
            )
    if results:
        first = results[0]
        out += [
            "",
            f"Access: {first['access_samples']} random people per size; erasure: "
            f"{first['erasure_samples']} other random people per size, each erased once. "
            "Everyone sampled has a web-shop order and a service job (records in five "
            "registers). One-minute load average while measuring (the machine may be "
            "shared): "
            + "; ".join(
                f"{r['people']:,} people {r['load_average'][0]:.1f} to {r['load_average'][1]:.1f}"
                for r in results
            )
            + ".",
        ]
        for r in results[1:]:
            matched = pairs(first, r)
            twins = ", ".join(
                f"{label.split(': ')[1]} {m['same_queries']} of {m['same_plan']}"
                for (key, label), m in ((op, matched[op[0]]) for op in OPERATIONS)
            )
            out += [
                "",
                f"At {r['people']:,} people, {matched['report']['twins']} of "
                f"{matched['report']['samples']} access samples and "
                f"{matched['erasure']['twins']} of {matched['erasure']['samples']} erasure "
                f"samples were people with exactly the same records per type as the "
                f"{first['people']:,}-people sample in the same place; "
                f"{matched['erasure']['same_plan']} of the erasure pairs also had the same plan "
                "(the same action for every record and field). Pairs (with the same plan) that "
                f"ran the same number of SQL queries: {twins}.",
            ]
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--people",
        type=int,
        action="append",
        help="number of people (repeatable); default: 100000 and 1000000",
    )
    parser.add_argument(
        "--samples", type=int, help="sets both --access-samples and --erasure-samples"
    )
    parser.add_argument("--access-samples", type=int, default=30, help="access reports timed")
    parser.add_argument("--erasure-samples", type=int, default=30, help="erasures timed")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep bench/out/dsr-people-N/")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--match", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.samples is not None:
        args.access_samples = args.erasure_samples = args.samples
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    sizes = args.people or list(DEFAULT_SIZES)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    host = machine()
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    for people in sizes:
        result_file = OUT_DIR / f"dsr-result-{people}.json"
        result_file.unlink(missing_ok=True)
        command = [
            sys.executable, str(Path(__file__).resolve()), "--child", "--people", str(people),
            "--access-samples", str(args.access_samples),
            "--erasure-samples", str(args.erasure_samples),
            "--seed", str(args.seed), "--result", str(result_file),
        ]  # fmt: skip
        if args.keep:
            command.append("--keep")
        if results:
            # Later sizes sample people with the same records as the first size's samples.
            match_file = OUT_DIR / "dsr-match.json"
            first = results[0]["operations"]
            shapes = {key: first[key]["shapes"] for key in ("report", "erasure")}
            match_file.write_text(json.dumps(shapes), encoding="utf-8")
            command += ["--match", str(match_file)]
        code = subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603 (own script)
        if code != 0:
            print(f"the run with {people:,} people failed (exit {code})", file=sys.stderr)
            return code
        results.append(json.loads(result_file.read_text(encoding="utf-8")))
    report = markdown(results, host)
    summary_ = {
        "machine": host,
        "results": results,
        "seconds": round(time.perf_counter() - started),
    }
    (OUT_DIR / "dsr-results.json").write_text(json.dumps(summary_, indent=2), encoding="utf-8")
    (OUT_DIR / "dsr-results.md").write_text(report + "\n", encoding="utf-8")
    print()
    print(report)
    print(
        f"\n(total {summary_['seconds']} s; results in bench/out/dsr-results.json and "
        "dsr-results.md)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
