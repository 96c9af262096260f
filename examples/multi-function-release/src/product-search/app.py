"""GET /search?q=green+tea: ranks products by how many query words their name and tags contain."""
from shop_common import CATALOG, response


def handler(event, _context):
    query = ((event or {}).get("queryStringParameters") or {}).get("q", "")
    words = {w for w in query.lower().split() if w}
    hits = []
    for sku, item in CATALOG.items():
        haystack = set(item["name"].lower().split()) | set(item["tags"])
        score = len(words & haystack)
        if score:
            hits.append({"sku": sku, "name": item["name"], "score": score})
    hits.sort(key=lambda h: (-h["score"], h["sku"]))
    return response(200, {"query": query, "hits": hits})
