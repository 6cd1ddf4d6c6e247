"""Evaluation harness behind ``newsfuse eval`` (see docs/evaluation.md).

- :mod:`.rouge`: ROUGE-1/2/Lsum over rouge-score, syntok sentence lines;
- :mod:`.ngram`: fast ROUGE-1/2 and the greedy oracle (also for training labels);
- :mod:`.lsum`: exact, faster ROUGE-Lsum;
- :mod:`.data`: Multi-News-format reader (bad lines reported by number);
- :mod:`.story`, :mod:`.systems`, :mod:`.sumy_systems`: the compared systems;
- :mod:`.harness`: run and score clusters, serially or in processes;
- :mod:`.report`: bootstrap intervals, tables, output files.

Nothing heavy is imported here.
"""
