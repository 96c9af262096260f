import { catalog } from '/opt/nodejs/shop-common.mjs';

// Scheduled: compares the warehouse feed (SQS-style records) with the catalogue and reports drift.
export const handler = async (event) => {
  const feed = new Map((event?.Records ?? []).map((r) => JSON.parse(r.body)).map((item) => [item.sku, item.stock]));
  const drift = catalog
    .filter((p) => feed.has(p.sku) && feed.get(p.sku) !== p.stock)
    .map((p) => ({ sku: p.sku, catalog: p.stock, warehouse: feed.get(p.sku) }));
  return { checked: feed.size, drift };
};
