"""The use cases. Each function wires loaders -> engines -> a Report; interfaces call only these.

Feature modules are imported inside each function so that ``import stimsafe.api`` stays cheap.
"""

from __future__ import annotations
