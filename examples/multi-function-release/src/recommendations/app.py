"""GET /recommendations?sku=TEA-001: other products sharing the most tags with the given one."""
from shop_common import CATALOG, response


def handler(event, _context):
    sku = ((event or {}).get("queryStringParameters") or {}).get("sku")
    item = CATALOG.get(sku)
    if item is None:
        return response(404, {"error": f"no product {sku}"})
    tags = set(item["tags"])
    ranked = sorted(
        ((len(tags & set(other["tags"])), other_sku) for other_sku, other in CATALOG.items() if other_sku != sku),
        reverse=True,
    )
    return response(200, {"sku": sku, "recommended": [s for shared, s in ranked if shared][:3]})
