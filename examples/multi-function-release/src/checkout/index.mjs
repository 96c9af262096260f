import { randomUUID } from 'node:crypto';
import { catalog, json, parseBody } from '/opt/nodejs/shop-common.mjs';

// POST /checkout {cart, email}: checks stock and returns an order ready for payment.
export const handler = async (event) => {
  const body = parseBody(event);
  if (!/^[^@\s]+@[^@\s]+$/.test(body?.email ?? '')) return json(400, { error: 'a valid email is required' });
  const problems = [];
  let totalCents = 0;
  for (const line of body.cart ?? []) {
    const product = catalog.find((p) => p.sku === line.sku);
    if (!product) problems.push(`${line.sku}: unknown`);
    else if (product.stock < line.quantity) problems.push(`${line.sku}: only ${product.stock} left`);
    else totalCents += product.priceCents * line.quantity;
  }
  if (problems.length || totalCents === 0) return json(409, { error: 'cannot check out', problems });
  return json(201, { orderId: randomUUID(), email: body.email, totalCents, status: 'AWAITING_PAYMENT' });
};
