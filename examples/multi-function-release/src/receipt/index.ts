// POST /receipt {orderId, lines: [{sku, quantity, priceCents}]}: the order's receipt as text.
// Written in TypeScript and bundled by esbuild at build time: Lambda runs index.js, never this file.
import { receiptLines, type ReceiptLine } from './format.ts';

interface ReceiptRequest {
  orderId?: string;
  lines?: ReceiptLine[];
}

export const handler = async (event: { body?: string | null } | undefined) => {
  const request = JSON.parse(event?.body ?? '{}') as ReceiptRequest;
  const { text, totalCents } = receiptLines(request.lines ?? []);
  return { statusCode: 200, body: JSON.stringify({ orderId: request.orderId ?? null, totalCents, receipt: text }) };
};
