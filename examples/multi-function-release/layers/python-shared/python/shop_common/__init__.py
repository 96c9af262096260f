"""Shared by every Python function through the PythonShared layer."""
import json
from decimal import Decimal, ROUND_HALF_UP

CATALOG = {
    "TEA-001": {"name": "Sencha green tea", "price": Decimal("12.50"), "tags": ["tea", "green"]},
    "TEA-002": {"name": "Assam black tea", "price": Decimal("9.90"), "tags": ["tea", "black"]},
    "MUG-010": {"name": "Stoneware mug", "price": Decimal("18.00"), "tags": ["mug", "kitchen"]},
    "KET-020": {"name": "Gooseneck kettle", "price": Decimal("54.00"), "tags": ["kettle", "kitchen"]},
}


def response(status_code, body):
    """An API Gateway proxy response with a JSON body (Decimals as strings)."""
    return {
        "statusCode": status_code,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, default=str),
    }


def parse_body(event):
    """The parsed JSON body of a proxy event, or None."""
    try:
        return json.loads((event or {}).get("body") or "null")
    except ValueError:
        return None


def money(value):
    """Rounds to cents, half up, as invoices do."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
