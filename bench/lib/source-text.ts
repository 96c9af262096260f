import type { Random } from './seeded-random.ts';

// Words real handler code and npm packages are made of; identifiers are camelCase pairs of them.
const words = (
  'request response event context handler order item cart price total tax user account session token ' +
  'cache store queue message record batch payload header body status error retry timeout limit offset ' +
  'page cursor result value key index count size buffer stream chunk parse format encode decode ' +
  'validate schema field option config logger metric trace span client service endpoint region bucket ' +
  'object table query filter sort map reduce merge clone assign resolve reject promise callback listener ' +
  'emit handle create update delete fetch load save read write open close start stop next done state'
).split(' ');
const keywords = [
  'const',
  'let',
  'return',
  'if',
  'else',
  'for',
  'await',
  'async',
  'function',
  'typeof',
  'new',
  'throw',
];

function identifier(random: Random): string {
  const first = random.pick(words);
  if (random.next() < 0.35) return first;
  const second = random.pick(words);
  return first + second.charAt(0).toUpperCase() + second.slice(1);
}

function literal(random: Random): string {
  const r = random.next();
  if (r < 0.4) return String(random.int(0, r < 0.2 ? 9 : 65535));
  if (r < 0.8) return `'${random.pick(words)}${random.next() < 0.5 ? `-${random.pick(words)}` : ''}'`;
  return random.pick(['true', 'false', 'null', 'undefined', '[]', '{}']);
}

function expression(random: Random, depth = 0): string {
  const r = random.next();
  if (depth > 1 || r < 0.3) return random.next() < 0.5 ? identifier(random) : literal(random);
  if (r < 0.55) return `${identifier(random)}.${identifier(random)}(${expression(random, depth + 1)})`;
  if (r < 0.75)
    return `${expression(random, depth + 1)} ${random.pick(['+', '-', '===', '!==', '&&', '||', '??', '<', '>'])} ${expression(random, depth + 1)}`;
  if (r < 0.9) return `{ ${identifier(random)}: ${expression(random, depth + 1)}, ${identifier(random)} }`;
  return `await ${identifier(random)}(${expression(random, depth + 1)}, ${literal(random)})`;
}

function statement(random: Random, indent: string): string {
  const r = random.next();
  if (r < 0.35) return `${indent}${random.pick(['const', 'let'])} ${identifier(random)} = ${expression(random)};`;
  if (r < 0.55) return `${indent}if (${expression(random)}) {\n${indent}  return ${expression(random)};\n${indent}}`;
  if (r < 0.7) return `${indent}${identifier(random)}.${identifier(random)} = ${expression(random)};`;
  if (r < 0.8)
    return `${indent}// ${random.pick(words)} ${random.pick(words)} ${random.pick(words)} before ${random.pick(words)}`;
  if (r < 0.9)
    return `${indent}for (const ${identifier(random)} of ${identifier(random)}) ${random.pick(keywords) === 'throw' ? 'continue' : `${identifier(random)}.push(${expression(random)})`};`;
  return `${indent}${random.pick(['throw new Error', 'logger.debug', 'metrics.count'])}(${literal(random)});`;
}

/** One JavaScript function or class of 3–20 statements. */
function jsBlock(random: Random): string {
  const name = identifier(random);
  const params = Array.from({ length: random.int(0, 3) }, () => identifier(random)).join(', ');
  const body = Array.from({ length: random.int(3, 20) }, () => statement(random, '  ')).join('\n');
  if (random.next() < 0.15) {
    return `class ${name.charAt(0).toUpperCase()}${name.slice(1)} {\n  constructor(${params}) {\n${body.replace(/^/gm, '  ')}\n  }\n}\n`;
  }
  return `${random.next() < 0.4 ? 'export ' : ''}${random.next() < 0.5 ? 'async ' : ''}function ${name}(${params}) {\n${body}\n}\n`;
}

/** About `bytes` of plausible JavaScript (deflates about 4:1, like real bundles). */
export function javascriptText(random: Random, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const block = jsBlock(random);
    parts.push(block);
    size += block.length;
  }
  return parts.join('\n');
}

/** A JSON document of about `bytes`: an array of records, as data and fixture files are. */
export function jsonText(random: Random, bytes: number): string {
  const fields = Array.from({ length: random.int(4, 9) }, () => identifier(random));
  const records: string[] = [];
  let size = 2;
  while (size < bytes || records.length === 0) {
    const entries = fields.map(
      (f) =>
        `    "${f}": ${random.next() < 0.5 ? random.int(0, 99999) : `"${random.pick(words)}-${random.int(0, 999)}"`}`,
    );
    const record = `  {\n${entries.join(',\n')}\n  }`;
    records.push(record);
    size += record.length + 2;
  }
  return `[\n${records.join(',\n')}\n]\n`;
}

/** A package.json for an npm package or handler. */
export function packageJsonText(random: Random, name: string): string {
  const dependencies = Object.fromEntries(
    Array.from({ length: random.int(0, 5) }, () => [
      `${random.pick(words)}-${random.pick(words)}`,
      `^${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 20)}`,
    ]),
  );
  return `${JSON.stringify({ name, version: `${random.int(0, 9)}.${random.int(0, 40)}.${random.int(0, 20)}`, main: 'lib/index.js', license: 'MIT', dependencies }, null, 2)}\n`;
}

/** Identifier-like names for folders and packages. */
export function packageName(random: Random): string {
  return `${random.pick(words)}-${random.pick(words)}`;
}
