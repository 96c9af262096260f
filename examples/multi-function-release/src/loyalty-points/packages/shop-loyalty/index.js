// The shop's loyalty rules, shared as a package: 1 point per whole euro, doubled from 100 euros.
const version = require('./package.json').version;

exports.pointsFor = (totalCents) => {
  const euros = Math.floor(Math.max(0, totalCents) / 100);
  return euros >= 100 ? euros * 2 : euros;
};

exports.rulesVersion = `shop-loyalty@${version}`;
