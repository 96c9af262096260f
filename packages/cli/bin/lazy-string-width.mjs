// Stands in for `string-width` in the CLI's bundle (see ensure-bundle.mjs). yargs imports it,
// and its module builds an Intl.Segmenter and large Unicode regular expressions as it loads:
// about 20 ms of every start, for help text and tables that are nearly always plain ASCII.
let stringWidth;

export default function lazyStringWidth(text, options) {
  // Printable ASCII takes one column a character: what string-width itself answers.
  if (typeof text === 'string' && /^[\x20-\x7e]*$/.test(text)) return text.length;
  stringWidth ??= require('string-width').default;
  return stringWidth(text, options);
}
