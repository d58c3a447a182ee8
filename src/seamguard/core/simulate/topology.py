"""The simulated stack's names and timing settings, shared by the generator and the demo.

The generator places every injected fault relative to these settings (a "late" sync is late
against ``ORDER_SYNC_SLA``), so the workspace the demo writes must use the same values: both
read them from here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

# Sources: "<system>.<entity>", as named under sources: in seamguard.yaml.
STOREFRONT_ORDERS: Final = "storefront.orders"
STOREFRONT_INVENTORY: Final = "storefront.inventory"
OMS_ORDERS: Final = "oms.orders"
OMS_INVENTORY: Final = "oms.inventory"
ERP_ORDERS: Final = "erp.orders"
ERP_INVENTORY: Final = "erp.inventory"
ERP_PRODUCTS: Final = "erp.products"
PSP_CHARGES: Final = "psp.charges"
PSP_REFUNDS: Final = "psp.refunds"
PIM_PRODUCTS: Final = "pim.products"
OPS_INCIDENTS: Final = "ops.incidents"

#: Every source, in the order the demo lists them.
SOURCES: Final = (
    STOREFRONT_ORDERS,
    STOREFRONT_INVENTORY,
    OMS_ORDERS,
    OMS_INVENTORY,
    ERP_ORDERS,
    ERP_INVENTORY,
    ERP_PRODUCTS,
    PSP_CHARGES,
    PSP_REFUNDS,
    PIM_PRODUCTS,
    OPS_INCIDENTS,
)

#: The contract each source is held to.
CONTRACTS: Final = {
    STOREFRONT_ORDERS: "shopify.order",
    STOREFRONT_INVENTORY: "shopify.inventory_level",
    OMS_ORDERS: "commerce.order",
    OMS_INVENTORY: "commerce.inventory_update",
    ERP_ORDERS: "commerce.order",
    ERP_INVENTORY: "commerce.inventory_update",
    ERP_PRODUCTS: "commerce.product",
    PSP_CHARGES: "stripe.charge",
    PSP_REFUNDS: "stripe.refund",
    PIM_PRODUCTS: "commerce.product",
    OPS_INCIDENTS: "seamguard.incident",
}

# Flows, as named under flows: in seamguard.yaml.
ORDER_SYNC: Final = "order-sync"
ERP_SYNC: Final = "erp-sync"
PAYMENT_CAPTURE: Final = "payment-capture"
REFUND_LIMIT: Final = "refund-limit"
INVENTORY_SYNC: Final = "inventory-sync"
PRODUCT_SYNC: Final = "product-sync"

FLOWS: Final = (ORDER_SYNC, ERP_SYNC, PAYMENT_CAPTURE, REFUND_LIMIT, INVENTORY_SYNC, PRODUCT_SYNC)

# Timing of each flow. missing_after is 24h everywhere: a day is when a missing record stops
# being "slow" and becomes "lost" for every consumer in this stack.
ORDER_SYNC_SLA: Final = timedelta(minutes=15)
# The ERP imports in 15-minute batches, so its latency is up to one batch interval plus the
# batch's run time: 30 minutes is the honest promise.
ERP_SYNC_SLA: Final = timedelta(minutes=30)
ERP_BATCH_INTERVAL: Final = timedelta(minutes=15)
PAYMENT_SLA: Final = timedelta(minutes=15)
REFUND_SLA: Final = timedelta(hours=1)
INVENTORY_SLA: Final = timedelta(minutes=15)
PRODUCT_SYNC_SLA: Final = timedelta(hours=1)
MISSING_AFTER: Final = timedelta(hours=24)

# Instance paths the generator's faults show up at (flow compare fields and contract paths).
COMPARE_ORDER_CURRENCY: Final = "/currency"
COMPARE_ORDER_TOTAL: Final = "/total_price->/total"
COMPARE_ERP_TOTAL: Final = "/total"
COMPARE_ERP_TAX: Final = "/tax_total"
COMPARE_CHARGE_AMOUNT: Final = "/total_price->/amount"
COMPARE_INVENTORY_AVAILABLE: Final = "/available"
