"""The team behind the score (issue 17): colleagues rate parts of the scan through a personal
link. ``uitnodigingen``: inviting, withdrawing, sending again; ``beoordelen``: the colleague's
form and saving a rating; ``teamoordeel``: the rules of the team's view (minimum, median,
disagreement, differing from the school); ``overzicht``: the team's view of a scan, read."""
