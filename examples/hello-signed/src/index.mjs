// A minimal handler: the point of this example is the signed package it ships in.
export const handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ message: 'hello from signed code', input: event ?? null }),
});
