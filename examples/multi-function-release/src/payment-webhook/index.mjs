import { createHmac, timingSafeEqual } from 'node:crypto';
import { json } from '/opt/nodejs/shop-common.mjs';

// POST /payments/webhook: accepts only events signed by the payment provider (HMAC-SHA256).
export const handler = async (event) => {
  const secret = process.env.WEBHOOK_SECRET ?? '';
  const signature = Buffer.from(event?.headers?.['x-signature'] ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(event?.body ?? '').digest();
  if (!secret || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return json(401, { error: 'bad signature' });
  }
  const payment = JSON.parse(event.body);
  return json(200, { orderId: payment.orderId, status: payment.succeeded ? 'PAID' : 'PAYMENT_FAILED' });
};
