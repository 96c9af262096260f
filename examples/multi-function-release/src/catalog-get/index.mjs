import { catalog, json } from '/opt/nodejs/shop-common.mjs';

// GET /products/{sku}
export const handler = async (event) => {
  const sku = event?.pathParameters?.sku;
  const product = catalog.find((p) => p.sku === sku);
  return product ? json(200, product) : json(404, { error: `no product ${sku}` });
};
