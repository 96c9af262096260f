"""Consumes order events and writes one structured audit line per event (CloudWatch Logs keeps them)."""
import json
import time


def handler(event, _context):
    written = 0
    for record in (event or {}).get("Records", []):
        detail = json.loads(record.get("body") or "{}")
        print(json.dumps({"at": int(time.time()), "type": detail.get("type", "unknown"), "orderId": detail.get("orderId")}))
        written += 1
    return {"written": written}
