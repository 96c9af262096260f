"""GET /orders/{id}/status: where an order is, from the hours since it was placed."""
from datetime import datetime, timezone

from shop_common import response

STAGES = [(0, "PLACED"), (2, "PACKED"), (24, "SHIPPED"), (72, "DELIVERED")]


def handler(event, _context):
    params = (event or {}).get("queryStringParameters") or {}
    try:
        placed = datetime.fromisoformat(params["placedAt"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return response(400, {"error": "placedAt (ISO-8601) is required"})
    hours = (datetime.now(timezone.utc) - placed).total_seconds() / 3600
    status = [name for after, name in STAGES if hours >= after][-1] if hours >= 0 else "PLACED"
    return response(200, {"orderId": ((event or {}).get("pathParameters") or {}).get("id"), "status": status})
