// Shared by every Node.js function through the NodeShared layer, which Lambda mounts at /opt/nodejs.
// ES modules do not search NODE_PATH, so functions import it by its absolute path.

/** An API Gateway proxy response with a JSON body. */
export function json(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The parsed JSON body of an API Gateway proxy event, or null when it has none or it is not JSON. */
export function parseBody(event) {
  if (!event?.body) return null;
  try {
    return JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
  } catch {
    return null;
  }
}

/** Money in integer cents, so sums never pick up floating-point error. */
export function cents(amount) {
  return Math.round(Number(amount) * 100);
}

/** A small, fixed catalogue: enough for the example's handlers to do real work. */
export const catalog = [
  { sku: 'TEA-001', name: 'Sencha green tea', priceCents: 1250, stock: 40, tags: ['tea', 'green'] },
  { sku: 'TEA-002', name: 'Assam black tea', priceCents: 990, stock: 0, tags: ['tea', 'black'] },
  { sku: 'MUG-010', name: 'Stoneware mug', priceCents: 1800, stock: 12, tags: ['mug', 'kitchen'] },
  { sku: 'KET-020', name: 'Gooseneck kettle', priceCents: 5400, stock: 5, tags: ['kettle', 'kitchen'] },
];
