"""Results: the rules, once (``rekenregels``), the per-scan summary kept current by every answer
(``samenvatting``), totals read from it in the database (``totalen``), what each results page
shows for a user as a dataclass (``paginas``, ``schoolpagina``), built from the pieces every
page shares (``bouwstenen``), and its charts as server-side SVG (``grafieken``). Given the
round, scan, bestuur or wijk the view found for the user; never a 404 of its own.

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.scans.structuur``,
``zelfscan.exporting``. Not the views, forms or reports.
"""
