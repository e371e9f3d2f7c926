#!/usr/bin/env python
"""Benchmark of the results at national scale: the stad page against its own SQL and against
one raw SQL query over the raw answers.

    .venv/bin/python benchmarks/resultaten.py [--schools 2000] [--rounds 10] [--runs 20]

It creates a fresh PostgreSQL database, loads the norm and generates, with a fixed seed,
``--schools`` schools in 50 wijken and 150 besturen, ``--rounds`` rounds with a scan per school
and an answer to every item of the full norm (several million answers), 90% released. The
rounds are opened by the application (``open_round``, which makes the summary rows); the
answers are written in bulk by SQL, and the summary counted by SQL from them, then checked
against the application's own count (``samenvatting.verschillen``) on a sample of scans.

It reports, in one run:
- the stad page, in-process (Django test client, production settings): p50 and p95;
- the page's own SQL, executed alone: p50 and p95 of the sum of its queries;
- one raw SQL query computing the page's wijk table from the raw answers;
- the same table from the summary, the way the page reads it;
and checks that the raw query and the summary give the same numbers.
Not a test: it reports numbers (see README, "Measured").
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RELEASED = ("vrijgegeven", "besproken", "afgerond")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per measurement")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", metavar="DATABASE", help="measure again on a database kept with --keep"
    )
    return parser.parse_args()


def generate(args):
    import datetime
    import random

    from django.db import connection

    from ijkpunten.models import Normkader
    from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk
    from zelfscan.scans.structuur import indeling
    from zelfscan.scans.workflow import open_round

    rng = random.Random(2026)  # noqa: S311 - a fixed seed: the same data set every run
    swv = Samenwerkingsverband.objects.create(code="PO 00-99", naam="Landelijk", sector="po")
    wijken = Wijk.objects.bulk_create(Wijk(swv=swv, naam=f"Wijk {n:02d}") for n in range(50))
    besturen = Bestuur.objects.bulk_create(
        Bestuur(bevoegd_gezag_nummer=f"{40000 + n}", naam=f"Bestuur {n:03d}") for n in range(150)
    )
    School.objects.bulk_create(
        School(swv=swv, brin=f"{n // 100:02d}BM", vestigingsnummer=f"{n % 100:02d}",
               naam=f"School {n:04d}", bestuur=rng.choice(besturen), wijk=rng.choice(wijken),
               soort="bao", aantal_leerlingen=rng.randint(80, 600))
        for n in range(args.schools)
    )  # fmt: skip
    bestuurder = User.objects.create_user("bestuur", "b@example.nl", secrets.token_hex(16))
    # A board member sees the round through a school of their board, in the SWV that gave
    # the role (issue 28).
    eerste = School.objects.first()
    Rol.objects.create(user=bestuurder, soort="bestuur", bestuur=eerste.bestuur, swv=eerste.swv)
    normkader = Normkader.objects.get(code="anb-2024")
    onderdelen = ["anb", "ijkpunten", "hgw", "toezichtkader", "protocollen", "themas"]
    rondes = []
    start = time.perf_counter()
    for r in range(args.rounds):
        jaar = 2026 - args.rounds + r
        rondes.append(
            open_round(
                swv=swv,
                schooljaar=f"{jaar}-{jaar + 1}",
                normkader=normkader,
                onderdelen=onderdelen,
                deadline=datetime.date(jaar + 1, 6, 30),
                door=None,
            )
        )
    print(f"{args.rounds} rounds opened by the application in {time.perf_counter() - start:.0f} s")
    deel = indeling(rondes[-1])
    # What a regular primary school is asked: no SBO-only item, no item of secondary schools.
    items = sorted(
        {pk for g, group in deel.groepen.items() for pk, sbo, sector in group
         if not sbo and "vo" not in (sector, deel.sectoren[g])}
    )  # fmt: skip
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        # Each school a tendency of its own (from its id), a little better every round.
        cursor.execute(
            """
            INSERT INTO zelfscan_antwoord
                (versie, scan_id, item_id, score, nvt, toelichting, teamreden, uit_vorige_scan)
            SELECT 1, z.id, i.id,
                   LEAST(4, GREATEST(1, round(2.1 + (z.school_id %% 13) / 8.0
                       + r.rang * 0.05 + (random() - 0.5) * 2.4)))::int,
                   false, '', '', false
            FROM zelfscan_zelfscan z
            JOIN (SELECT id, row_number() OVER (ORDER BY schooljaar) AS rang
                  FROM zelfscan_scanronde) r ON r.id = z.ronde_id
            CROSS JOIN (SELECT unnest(%s::int[]) AS id) i
            """,
            [items],
        )
        answers = cursor.rowcount
        cursor.execute(
            """
            UPDATE zelfscan_zelfscan SET status = CASE WHEN random() < 0.9
                THEN 'vrijgegeven' ELSE 'ingediend' END
            """
        )
        cursor.execute(
            """
            INSERT INTO zelfscan_signaalantwoord (versie, scan_id, signaal_id, aangevinkt)
            SELECT 1, z.id, s.id, true FROM zelfscan_zelfscan z
            CROSS JOIN (SELECT unnest(%s::int[]) AS id) s WHERE random() < 0.1
            """,
            [sorted(deel.signalen)],
        )
        print(f"{answers:,} answers written by SQL in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        _lid_table(cursor, rondes[-1])
        counts = """count(*) FILTER (WHERE a.score = 1) AS n1,
            count(*) FILTER (WHERE a.score = 2) AS n2, count(*) FILTER (WHERE a.score = 3) AS n3,
            count(*) FILTER (WHERE a.score = 4) AS n4, count(*) FILTER (WHERE a.nvt) AS nvt"""
        cursor.execute(
            f"""
            UPDATE zelfscan_groepsresultaat g
            SET n1 = t.n1, n2 = t.n2, n3 = t.n3, n4 = t.n4, nvt = t.nvt
            FROM (SELECT a.scan_id, l.groep_id, {counts}
                  FROM zelfscan_antwoord a JOIN lid l ON l.item_id = a.item_id
                  GROUP BY a.scan_id, l.groep_id) t
            WHERE g.scan_id = t.scan_id AND g.groep_id = t.groep_id
            """  # noqa: S608 - our own constant text
        )
        cursor.execute(
            f"""
            UPDATE zelfscan_groepsresultaat g
            SET n1 = t.n1, n2 = t.n2, n3 = t.n3, n4 = t.n4, nvt = t.nvt
            FROM (SELECT a.scan_id, {counts} FROM zelfscan_antwoord a GROUP BY a.scan_id) t
            WHERE g.scan_id = t.scan_id AND g.groep_id IS NULL
            """  # noqa: S608 - our own constant text
        )
        cursor.execute("ANALYZE")
    print(f"summary counted by SQL in {time.perf_counter() - start:.0f} s")
    return rondes[-1], bestuurder


def _lid_table(cursor, ronde):
    """A temporary table of which item counts in which group (shared items in two)."""
    from zelfscan.scans.structuur import indeling

    leden = [(pk, g) for g, group in indeling(ronde).groepen.items() for pk, _sbo, _s in group]
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS lid (item_id int, groep_id int)")
    cursor.execute("TRUNCATE lid")
    cursor.execute(
        "INSERT INTO lid SELECT unnest(%s::int[]), unnest(%s::int[])",
        [[i for i, _g in leden], [g for _i, g in leden]],
    )


def check_summary(ronde, sample=40):
    from zelfscan.resultaten import samenvatting

    scans = list(ronde.scans.select_related("school", "ronde").order_by("?")[:sample])
    wrong = [s.pk for s in scans if samenvatting.verschillen(scan=s)]
    print(f"summary checked against the application's own count on {len(scans)} scans: "
          f"{len(wrong)} differ")  # fmt: skip
    if wrong:
        raise SystemExit(1)


RAW_WIJK_SQL = """
WITH per_scan AS (
    SELECT a.scan_id, l.groep_id, avg(a.score) AS gem
    FROM zelfscan_antwoord a
    JOIN lid l ON l.item_id = a.item_id
    JOIN zelfscan_zelfscan z ON z.id = a.scan_id
    WHERE z.ronde_id = %s AND z.status = ANY(%s) AND a.score IS NOT NULL
    GROUP BY a.scan_id, l.groep_id
)
SELECT s.wijk_id, p.groep_id, count(*), avg(p.gem)
FROM per_scan p
JOIN zelfscan_zelfscan z ON z.id = p.scan_id
JOIN zelfscan_school s ON s.id = z.school_id
GROUP BY s.wijk_id, p.groep_id
"""


def timed(fn, runs):
    for _ in range(3):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def measure(args, ronde, bestuurder):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from zelfscan.models import Zelfscan
    from zelfscan.resultaten import totalen as resultaten
    from zelfscan.resultaten.rekenregels import Voldoetregel

    client = Client()
    client.force_login(bestuurder)
    url = reverse("zelfscan:resultaat_stad", kwargs={"pk": ronde.pk})

    def page():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"the stad page answered {response.status_code}")

    with CaptureQueriesContext(connection) as ctx:
        page()
    statements = [q["sql"] for q in ctx.captured_queries]

    def own_sql():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:  # the session's own writes return nothing
                    cursor.fetchall()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_WIJK_SQL, [ronde.pk, list(RELEASED)])
            return cursor.fetchall()

    scans = Zelfscan.objects.in_totalen().filter(ronde=ronde)
    regel = Voldoetregel.van(ronde.normkader)

    def summary():
        return resultaten.totalen(scans, per="school__wijk", regel=regel)

    # The same numbers both ways.
    from_raw = {(w, g): (n, float(m)) for w, g, n, m in raw()}
    from_summary = {k: (t.scholen, t.gemiddelde) for k, t in summary().items() if k[1] is not None}
    if from_raw.keys() != from_summary.keys():
        raise SystemExit("raw SQL and summary differ in the cells they have")
    worst = max(abs(from_raw[k][1] - from_summary[k][1]) for k in from_raw)
    if worst > 1e-9 or any(from_raw[k][0] != from_summary[k][0] for k in from_raw):
        raise SystemExit(f"raw SQL and summary differ (largest difference {worst})")
    return {
        "queries": len(statements),
        "page": timed(page, args.runs),
        "own_sql": timed(own_sql, args.runs),
        "raw": timed(raw, max(5, args.runs // 4)),
        "summary": timed(summary, args.runs),
        "cells": len(from_raw),
        "worst": worst,
    }


def main():
    args = parse_args()
    from autosave import pg  # the same helper: a statement on the server's postgres database

    db = args.reuse or f"zelfscan_resultaten_{os.getpid()}"
    os.environ.update({
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"{args.postgres}/{db}",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "basisondersteuning.settings",
    })  # fmt: skip
    if not args.reuse:
        pg(args.postgres, f"CREATE DATABASE {db}")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("collectstatic", "--noinput", verbosity=0)
        if args.reuse:
            from zelfscan.models import Scanronde, User

            ronde = Scanronde.objects.order_by("-schooljaar").first()
            bestuurder = User.objects.get(username="bestuur")
            with connection.cursor() as cursor:  # the item -> group table the raw SQL joins
                _lid_table(cursor, ronde)
        else:
            call_command("migrate", verbosity=0)
            call_command("loaddata", "norm_anb_2024", verbosity=0)
            ronde, bestuurder = generate(args)
        check_summary(ronde)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM zelfscan_antwoord")
            answers = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM zelfscan_groepsresultaat")
            rows = cursor.fetchone()[0]
        m = measure(args, ronde, bestuurder)
        print(
            f"\n{args.schools} schools x {args.rounds} rounds: {answers:,} answers, "
            f"{rows:,} summary rows; PostgreSQL, {os.cpu_count()} cores\n"
        )
        print("| measured | p50 ms | p95 ms |\n|---|---:|---:|")
        print(f"| stad page, in-process ({m['queries']} queries) | {m['page'][0]:.1f} | "
              f"{m['page'][1]:.1f} |")  # fmt: skip
        print(f"| the page's own SQL, alone | {m['own_sql'][0]:.1f} | {m['own_sql'][1]:.1f} |")
        print(f"| wijk table from the raw answers, one SQL query | {m['raw'][0]:.1f} | "
              f"{m['raw'][1]:.1f} |")  # fmt: skip
        print(f"| wijk table from the summary (as the page reads it) | {m['summary'][0]:.1f} | "
              f"{m['summary'][1]:.1f} |")  # fmt: skip
        print(f"\nraw SQL and summary agree on {m['cells']} wijk x group cells "
              f"(largest difference {m['worst']:.1e})")  # fmt: skip
        ratio = m["page"][1] / m["own_sql"][1]
        print(f"stad page p95 / own SQL p95: {ratio:.2f}")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"database kept: --reuse {db}")
        else:
            pg(args.postgres, f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
