"""The brief: dataclasses of the final product and the pipeline that builds it.

ingest -> clean -> segment -> dedup -> rank -> select, composed here.
"""
from __future__ import annotations
