"""Template filters and tags: presentation only (numbers, heat classes, form inputs and their
limits). May use ``zelfscan.forms`` and ``zelfscan.resultaten.grafieken``."""
