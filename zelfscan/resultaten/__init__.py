"""Results: the rules, once (``rekenregels``), the per-scan summary kept current by every answer
(``samenvatting``), totals read from it in the database (``totalen``), what each results page
shows for a user (``paginas``) and its charts as server-side SVG (``grafieken``).

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.scans.structuur``.
"""
