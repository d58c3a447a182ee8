"""A seeded simulation of a commerce stack: storefront (Shopify), OMS, ERP, PSP (Stripe), PIM.

:func:`generate_stack` returns every system's records in its real payload shape, with faults
injected at exact, seeded counts, and a :class:`Manifest` that is the ground truth of those
faults: what a correct scan must find, how many, and where. Pure: no clock, no files.
"""

from seamguard.core.simulate.model import Expectation, Fault, Manifest, Record, Stack
from seamguard.core.simulate.stack import DEFAULT_AS_OF, MIN_ORDERS, generate_stack

__all__ = [
    "DEFAULT_AS_OF",
    "MIN_ORDERS",
    "Expectation",
    "Fault",
    "Manifest",
    "Record",
    "Stack",
    "generate_stack",
]
