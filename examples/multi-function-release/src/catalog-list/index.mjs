import { catalog, json } from '/opt/nodejs/shop-common.mjs';

// GET /products?tag=tea&inStock=true
export const handler = async (event) => {
  const query = event?.queryStringParameters ?? {};
  const products = catalog
    .filter((p) => !query.tag || p.tags.includes(query.tag))
    .filter((p) => query.inStock !== 'true' || p.stock > 0)
    .map(({ sku, name, priceCents }) => ({ sku, name, priceCents }));
  return json(200, { products, count: products.length });
};
