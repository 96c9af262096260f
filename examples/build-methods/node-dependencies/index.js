const { greet } = require('greeting');

exports.handler = async (event) => ({ message: greet(event?.name ?? 'node') });
