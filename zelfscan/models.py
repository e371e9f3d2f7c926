# Organisations, scan rounds and answers arrive with the issues that build them.
