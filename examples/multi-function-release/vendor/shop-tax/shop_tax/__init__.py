"""The shop's VAT rules: a rate per country, applied to amounts in cents."""
from decimal import Decimal, ROUND_HALF_UP

__version__ = "2.1.0"

RATES = {"DE": Decimal("0.19"), "FR": Decimal("0.20"), "NL": Decimal("0.21"), "IE": Decimal("0.23")}


def vat_cents(net_cents, country):
    """The VAT on a net amount, rounded half up to the cent; KeyError for a country without a rate."""
    return int((Decimal(net_cents) * RATES[country]).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
