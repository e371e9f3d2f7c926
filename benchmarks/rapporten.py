#!/usr/bin/env python
"""Benchmark of the PDF reports: render time and peak memory.

    .venv/bin/python benchmarks/rapporten.py [--schools 30] [--runs 3]

It creates a fresh PostgreSQL database with the norm, one board with ``--schools`` schools,
every scan answered in full (notes included) and released, and measures in one run, each in a
fresh process so that its peak memory is its own:
- the school report, and the same HTML without its charts;
- the bestuur report with all its schools, and the same HTML without its charts;
- the bestuur report as it is made in the background, in parts, by 1 and by 2 workers
  (``manage.py werker``), from asking to ready.
Reported: pages, median render time over ``--runs`` renders (HTML and PDF), and the process's
peak resident memory. Not a test: it reports numbers (see README, "Measured").
"""

import argparse
import json
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ZONDER_GRAFIEKEN = re.compile(r"<figure class=\"grafiek\"[^>]*>.*?</figure>", re.S)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one measurement
    return parser.parse_args()


def setup_django(db, postgres):
    os.environ.update({
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"{postgres}/{db}",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "basisondersteuning.settings",
    })  # fmt: skip
    import django

    django.setup()


def generate(schools: int):
    import datetime
    import random

    from django.core.management import call_command

    from ijkpunten.models import Normkader
    from zelfscan.models import (
        Antwoord,
        Bestuur,
        Kengetallen,
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
    swv = Samenwerkingsverband.objects.create(code="PO 00-98", naam="Rapporten", sector="po")
    wijken = [Wijk.objects.create(swv=swv, naam=f"Wijk {n}") for n in range(5)]
    bestuur = Bestuur.objects.create(bevoegd_gezag_nummer="48000", naam="Stichting Benchmark")
    for n in range(schools):
        School.objects.create(
            swv=swv, brin=f"{n:02d}RB", naam=f"Basisschool {n:02d}", bestuur=bestuur,
            wijk=wijken[n % 5], soort="bao", aantal_leerlingen=rng.randint(90, 500),
        )  # fmt: skip
    user = User.objects.create_user("beheerder", "b@example.nl", secrets.token_hex(16))
    Rol.objects.create(user=user, soort="swv_beheerder", swv=swv)
    ronde = open_round(
        swv=swv, schooljaar="2025-2026", normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=["anb", "ijkpunten", "hgw", "toezichtkader", "protocollen", "themas",
                    "kengetallen"],
        deadline=datetime.date(2026, 6, 30), door=user,
    )  # fmt: skip
    for scan in ronde.scans.select_related("school", "ronde"):
        Antwoord.objects.bulk_create(
            Antwoord(scan=scan, item_id=pk, versie=1, score=rng.randint(2, 4),
                     toelichting="Zichtbaar in het ondersteuningsplan en de groepsplannen."
                     if rng.random() < 0.3 else "")
            for pk in toegestaan(scan).items
        )  # fmt: skip
        samenvatting.herbereken(scan=scan)
        Kengetallen.objects.filter(scan=scan).update(
            leerlingen=scan.school.aantal_leerlingen, ib_fte=0.8, inspectieoordeel="voldoende"
        )
    Zelfscan.objects.filter(ronde=ronde).update(status="vrijgegeven")
    return user.username, ronde.pk, bestuur.pk


def measure(kind: str, username: str, ronde: int, bestuur: int, runs: int) -> dict:
    """One measurement, in this (fresh) process."""
    from unittest import mock

    from zelfscan.models import Bestuur, Scanronde, User, Zelfscan
    from zelfscan.rapporten import maken as rapporten
    from zelfscan.rapporten import pdf
    from zelfscan.resultaten.schoolpagina import SCHOOLPAGINA_RELATED

    user = User.objects.get(username=username)
    soort, zonder = kind.split(":")
    echte = pdf.html_naar_pdf

    echte_met_ankers = pdf.html_naar_pdf_met_ankers

    def zonder_grafieken(html, **kwargs):
        return echte(ZONDER_GRAFIEKEN.sub("", html), **kwargs)

    def zonder_grafieken_met_ankers(html):
        return echte_met_ankers(ZONDER_GRAFIEKEN.sub("", html))

    def maak():
        # Found for the user as the view finds them, inside the measurement.
        if soort == "school":
            scan = (
                Zelfscan.objects.for_user(user)
                .filter(ronde=ronde)
                .select_related(*SCHOOLPAGINA_RELATED)
                .order_by("school__naam")
                .first()
            )
            return rapporten.schoolrapport(user=user, scan=scan)
        return rapporten.bestuursrapport(
            user=user,
            ronde=Scanronde.objects.for_user(user).select_related("normkader", "swv").get(pk=ronde),
            bestuur=Bestuur.objects.for_user(user).get(pk=bestuur),
        )

    times = []
    for _ in range(runs):
        with (
            mock.patch.object(pdf, "html_naar_pdf", zonder_grafieken if zonder else echte),
            mock.patch.object(pdf, "html_naar_pdf_met_ankers",
                              zonder_grafieken_met_ankers if zonder else echte_met_ankers),
        ):  # fmt: skip
            start = time.perf_counter()
            rapport = maak()
            times.append(time.perf_counter() - start)
    from io import BytesIO

    from pypdf import PdfReader

    return {
        "pages": len(PdfReader(BytesIO(rapport.inhoud)).pages),
        "seconds": statistics.median(times),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": len(rapport.inhoud),
    }


def in_de_achtergrond(workers: int, username: str, ronde: int, bestuur: int, runs: int) -> dict:
    """The board report as a user gets it in the background: asked for as the view asks, made
    by ``workers`` worker processes of ``manage.py werker`` (started and idle before the clock
    starts), until the order is ready. Median over ``runs`` orders."""
    from io import BytesIO

    from pypdf import PdfReader

    from zelfscan.models import Bestuur, Rapportopdracht, Scanronde, User
    from zelfscan.rapporten import achtergrond

    user = User.objects.get(username=username)
    times, pages = [], 0
    for _ in range(runs):
        Rapportopdracht.objects.all().delete()  # or the same data gives the same, made, file
        werker = [sys.executable, str(ROOT / "manage.py"), "werker", "--interval", "0.05"]
        processen = [
            subprocess.Popen(werker, env=os.environ, stdout=subprocess.DEVNULL)  # noqa: S603
            for _w in range(workers)
        ]
        try:
            time.sleep(4)  # started and waiting
            start = time.perf_counter()
            opdracht = achtergrond.vraag_bestuursrapport(
                user=user,
                ronde=Scanronde.objects.for_user(user).select_related("normkader", "swv")
                .get(pk=ronde),
                bestuur=Bestuur.objects.for_user(user).get(pk=bestuur),
            )  # fmt: skip
            while (status := Rapportopdracht.objects.get(pk=opdracht.pk).status) != "klaar":
                if status == "mislukt" or time.perf_counter() - start > 600:
                    raise RuntimeError(f"report {status}")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            inhoud = bytes(Rapportopdracht.objects.get(pk=opdracht.pk).inhoud)
            pages = len(PdfReader(BytesIO(inhoud)).pages)
        finally:
            for p in processen:
                p.terminate()
            for p in processen:
                p.wait(30)
    return {"pages": pages, "seconds": statistics.median(times), "bytes": len(inhoud)}


def main():
    args = parse_args()
    if args.measure:
        db, username, ronde, bestuur, kind = args.measure.split(",")
        setup_django(db, args.postgres)
        print(json.dumps(measure(kind, username, int(ronde), int(bestuur), args.runs)))
        return
    from autosave import pg

    db = f"zelfscan_rapporten_{os.getpid()}"
    pg(args.postgres, f"CREATE DATABASE {db}")
    try:
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(60)
        setup_django(db, args.postgres)
        username, ronde, bestuur = generate(args.schools)
        from django.db import connections

        connections.close_all()
        rows = []
        for kind, label in (("school:", "school report"),
                            ("school:zonder", "school report, same HTML without charts"),
                            ("bestuur:", f"bestuur report, {args.schools} schools"),
                            ("bestuur:zonder", f"bestuur report, {args.schools} schools, "
                                               "without charts")):  # fmt: skip
            out = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--runs", str(args.runs), "--postgres", args.postgres,
                 "--measure", f"{db},{username},{ronde},{bestuur},{kind}"],
                capture_output=True, text=True, check=True, env=os.environ,
            )  # fmt: skip
            result = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append((label, result))
        achtergrond = [
            (n, in_de_achtergrond(n, username, ronde, bestuur, args.runs)) for n in (1, 2)
        ]
        print(f"\nPDF reports, WeasyPrint, {os.cpu_count()} cores; median of {args.runs} renders\n")
        print("| report | pages | seconds | peak memory MB | size kB |")
        print("|---|---:|---:|---:|---:|")
        for label, r in rows:
            print(f"| {label} | {r['pages']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | "
                  f"{r['bytes'] / 1024:.0f} |")  # fmt: skip
        print(f"\nThe bestuur report of {args.schools} schools in the background, from asking to "
              f"ready; median of {args.runs} orders\n")  # fmt: skip
        print("| workers | pages | seconds | size kB |")
        print("|---:|---:|---:|---:|")
        for n, r in achtergrond:
            print(f"| {n} | {r['pages']} | {r['seconds']:.2f} | {r['bytes'] / 1024:.0f} |")
    finally:
        from django.db import connections

        connections.close_all()
        pg(args.postgres, f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
