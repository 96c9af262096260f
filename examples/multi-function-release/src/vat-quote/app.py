"""GET /vat?netCents=N&country=DE: the VAT on a net amount, by the rules of the shop-tax package
(installed by pip at build time from requirements.txt: the zip holds shop_tax/ beside this file)."""
import json

import shop_tax


def handler(event, _context):
    query = (event or {}).get("queryStringParameters") or {}
    country = query.get("country", "")
    try:
        net_cents = int(query.get("netCents", "0"))
    except ValueError:
        return {"statusCode": 400, "body": json.dumps({"error": "netCents must be a whole number of cents"})}
    if country not in shop_tax.RATES:
        return {"statusCode": 400, "body": json.dumps({"error": f"no VAT rate for {country!r}"})}
    vat = shop_tax.vat_cents(net_cents, country)
    body = {"netCents": net_cents, "country": country, "vatCents": vat, "rules": f"shop-tax@{shop_tax.__version__}"}
    return {"statusCode": 200, "body": json.dumps(body)}
