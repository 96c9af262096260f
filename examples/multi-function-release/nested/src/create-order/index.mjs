import { randomUUID } from 'node:crypto';
import { json, parseBody } from '/opt/nodejs/shop-common.mjs';

// POST /orders: records a paid checkout as an order (the Orders service owns order state).
export const handler = async (event) => {
  const body = parseBody(event);
  if (!body?.totalCents || !body?.email) return json(400, { error: 'totalCents and email are required' });
  return json(201, { orderId: body.orderId ?? randomUUID(), email: body.email, totalCents: body.totalCents, status: 'PLACED', placedAt: new Date().toISOString() });
};
