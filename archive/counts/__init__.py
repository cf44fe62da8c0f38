"""Count-only datasets: how many posts used the words, without keeping any of them.

models.py    CountedDataset (name, source, licence, date range) and its VoiceCount rows
service.py   the count-only import: the importers read and match, we only add up
selectors.py what the public may see of the counts (small cells suppressed)
"""
