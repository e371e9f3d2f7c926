"""PDF reports: the WeasyPrint wrapper whose fetcher serves only our own static files (``pdf``)
and the reports of a school, bestuur, wijk and the stad, made now or in the background
(``maken``), from the same page data as the results pages.

May use: ``zelfscan.models``, ``zelfscan.access``, ``zelfscan.resultaten``, ``zelfscan.vervolg``.
"""
