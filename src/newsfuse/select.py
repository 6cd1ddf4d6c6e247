"""Select stage: turn sentence scores into an ordered, non-redundant brief."""
from __future__ import annotations
