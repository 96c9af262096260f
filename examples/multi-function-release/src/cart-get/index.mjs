import { catalog, json, parseBody } from '/opt/nodejs/shop-common.mjs';

// POST /cart {cart: [...]}: prices each line and the total.
export const handler = async (event) => {
  const lines = (parseBody(event)?.cart ?? []).map((line) => {
    const product = catalog.find((p) => p.sku === line.sku);
    return { ...line, name: product?.name ?? 'unknown', lineCents: (product?.priceCents ?? 0) * line.quantity };
  });
  return json(200, { lines, totalCents: lines.reduce((sum, l) => sum + l.lineCents, 0) });
};
