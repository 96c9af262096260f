// GET /loyalty?totalCents=N: the points an order earns. The rules come from the shop-loyalty
// package, installed by `npm ci` at build time: the zip holds node_modules/shop-loyalty.
const { pointsFor, rulesVersion } = require('shop-loyalty');

exports.handler = async (event) => {
  const totalCents = Number(event?.queryStringParameters?.totalCents ?? 0);
  if (!Number.isInteger(totalCents) || totalCents < 0)
    return { statusCode: 400, body: JSON.stringify({ error: 'totalCents must be a whole number of cents' }) };
  return { statusCode: 200, body: JSON.stringify({ totalCents, points: pointsFor(totalCents), rules: rulesVersion }) };
};
