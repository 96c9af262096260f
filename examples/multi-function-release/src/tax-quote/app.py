"""POST /tax {amount, country, region?}: VAT or sales tax for an amount."""
from decimal import Decimal

from shop_common import money, parse_body, response

RATES = {"DE": Decimal("0.19"), "FR": Decimal("0.20"), "GB": Decimal("0.20"), "NL": Decimal("0.21")}
US_STATE_RATES = {"CA": Decimal("0.0725"), "NY": Decimal("0.04"), "TX": Decimal("0.0625"), "OR": Decimal("0")}


def handler(event, _context):
    body = parse_body(event) or {}
    amount = Decimal(str(body.get("amount", "0")))
    country = body.get("country", "")
    if country == "US":
        rate = US_STATE_RATES.get(body.get("region", ""))
    else:
        rate = RATES.get(country)
    if rate is None:
        return response(422, {"error": f"no tax rate for {country} {body.get('region', '')}".strip()})
    return response(200, {"rate": str(rate), "tax": money(amount * rate), "gross": money(amount * (1 + rate))})
