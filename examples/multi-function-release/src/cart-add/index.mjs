import { catalog, json, parseBody } from '/opt/nodejs/shop-common.mjs';

// POST /cart/items {cart: [...], sku, quantity}: returns the new cart; carts live client-side.
export const handler = async (event) => {
  const body = parseBody(event);
  const quantity = Number(body?.quantity ?? 1);
  const product = catalog.find((p) => p.sku === body?.sku);
  if (!product) return json(400, { error: 'unknown sku' });
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) return json(400, { error: 'quantity must be 1 to 99' });
  const cart = Array.isArray(body.cart) ? body.cart.filter((line) => line.sku !== product.sku) : [];
  const previous = body.cart?.find?.((line) => line.sku === product.sku)?.quantity ?? 0;
  cart.push({ sku: product.sku, quantity: Math.min(previous + quantity, product.stock) });
  return json(200, { cart });
};
