#!/usr/bin/env python
"""Benchmark of the pages an IB-er fills in: the server time of every page of a scan.

    .venv/bin/python benchmarks/deelpagina.py [--runs 30]

It creates a fresh PostgreSQL database with the norm, one school with an IB-er, last round's
scan answered in full (every item a score, a third with a note) and this round's half answered,
with open development points on items, so each page shows last round's score, the points and
the answers beside every item. Each page is asked ``--runs`` times in-process (Django test
client, production settings, logged in as the IB-er) after one warm-up request; it reports p50
and p95 per page, largest pages first. Not a test: it reports numbers (see README, "Measured").
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    return parser.parse_args()


def generate():
    import datetime
    import random

    from django.core.management import call_command

    from ijkpunten.models import Normkader
    from zelfscan.models import (
        Antwoord,
        Bestuur,
        Ontwikkelpunt,
        Rol,
        Samenwerkingsverband,
        School,
        User,
        Wijk,
        Zelfscan,
    )  # fmt: skip
    from zelfscan.resultaten import samenvatting
    from zelfscan.scans.structuur import toegestaan
    from zelfscan.scans.workflow import open_round

    call_command("migrate", verbosity=0)
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    rng = random.Random(2026)  # noqa: S311 - a fixed seed: the same data set every run
    swv = Samenwerkingsverband.objects.create(code="PO 00-97", naam="Deelpagina", sector="po")
    school = School.objects.create(
        swv=swv, brin="00DP", naam="Basisschool De Bank", soort="bao", aantal_leerlingen=300,
        bestuur=Bestuur.objects.create(bevoegd_gezag_nummer="48100", naam="Stichting Bank"),
        wijk=Wijk.objects.create(swv=swv, naam="Centrum"),
    )  # fmt: skip
    beheerder = User.objects.create_user("beheerder", "b@example.nl", secrets.token_hex(16))
    Rol.objects.create(user=beheerder, soort="swv_beheerder", swv=swv)
    ib = User.objects.create_user("ib", "ib@example.nl", secrets.token_hex(16))
    Rol.objects.create(user=ib, soort="ib_er", school=school)
    normkader = Normkader.objects.get(code="anb-2024")
    alle = ["anb", "ijkpunten", "hgw", "toezichtkader", "protocollen", "themas", "kengetallen"]
    scans = []
    for jaar, deel in (("2024-2025", 1.0), ("2025-2026", 0.5)):
        ronde = open_round(
            swv=swv, schooljaar=jaar, normkader=normkader, onderdelen=alle,
            deadline=datetime.date(int(jaar[-4:]), 6, 30), door=beheerder,
        )  # fmt: skip
        scan = ronde.scans.get()
        items = sorted(toegestaan(scan).items)
        Antwoord.objects.bulk_create(
            Antwoord(scan=scan, item_id=pk, versie=1, score=rng.randint(1, 4),
                     toelichting="Zichtbaar in het ondersteuningsplan en de groepsplannen."
                     if rng.random() < 0.33 else "")
            for pk in items[: int(len(items) * deel)]
        )  # fmt: skip
        samenvatting.herbereken(scan=scan)
        scans.append(scan)
    Zelfscan.objects.filter(pk=scans[0].pk).update(status="afgerond")
    for pk in rng.sample(sorted(toegestaan(scans[0]).items), 20):
        Ontwikkelpunt.objects.create(
            school=school, scan=scans[0], item_id=pk, titel="Verbeterpunt", doel="Doel",
            acties="Acties", eigenaar="IB", deadline=datetime.date(2026, 12, 1),
        )  # fmt: skip
    return ib, scans[1]


def measure(ib, scan, runs):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from zelfscan.scans.structuur import structuur

    client = Client()
    client.force_login(ib)
    rows = []
    for deel in structuur(scan).delen:
        url = reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": deel.sleutel})
        queries = []

        def tel(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(tel):
            response = client.get(url)  # warm-up
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append((deel.sleutel, len(deel.items), len(queries),
                     statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)],
                     len(response.content)))  # fmt: skip
    return sorted(rows, key=lambda r: -r[1])


def main():
    args = parse_args()
    from autosave import pg
    from rapporten import setup_django

    db = f"zelfscan_deelpagina_{os.getpid()}"
    pg(args.postgres, f"CREATE DATABASE {db}")
    try:
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(60)
        setup_django(db, args.postgres)
        ib, scan = generate()
        rows = measure(ib, scan, args.runs)
        print(f"\nPages of the scan, in-process, {os.cpu_count()} cores, {args.runs} runs each\n")
        print("| page | items | queries | p50 ms | p95 ms | HTML kB |")
        print("|---|---:|---:|---:|---:|---:|")
        for sleutel, items, queries, p50, p95, size in rows:
            print(
                f"| {sleutel} | {items} | {queries} | {p50:.1f} | {p95:.1f} | {size / 1024:.0f} |"
            )
    finally:
        from django.db import connections

        connections.close_all()
        pg(args.postgres, f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
