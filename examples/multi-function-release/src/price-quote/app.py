"""POST /quote {lines: [{sku, quantity}], coupon?}: prices a basket with volume and coupon discounts."""
from decimal import Decimal

from shop_common import CATALOG, money, parse_body, response

COUPONS = {"WELCOME10": Decimal("0.10"), "TEATIME": Decimal("0.15")}


def handler(event, _context):
    body = parse_body(event) or {}
    subtotal = Decimal("0")
    for line in body.get("lines", []):
        item = CATALOG.get(line.get("sku"))
        if item is None:
            return response(400, {"error": f"unknown sku {line.get('sku')}"})
        quantity = int(line.get("quantity", 1))
        # Five or more of one item: 5 % off that line.
        factor = Decimal("0.95") if quantity >= 5 else Decimal("1")
        subtotal += item["price"] * quantity * factor
    discount = subtotal * COUPONS.get(body.get("coupon", ""), Decimal("0"))
    return response(200, {"subtotal": money(subtotal), "discount": money(discount), "total": money(subtotal - discount)})
