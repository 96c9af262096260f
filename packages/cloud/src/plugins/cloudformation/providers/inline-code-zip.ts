import { zipInMemory } from '@toolkit/build';

/** The file CloudFormation writes `Code.ZipFile` source into, by runtime family. */
function inlineFileName(runtime: string | undefined): string {
  if (runtime?.startsWith('python')) return 'index.py';
  return 'index.js';
}

/**
 * A one-entry zip (stored, not deflated) holding inline `ZipFile` source, as
 * CloudFormation packages it: `index.js` for Node.js, `index.py` for Python.
 */
export function inlineCodeZip(source: string, runtime: string | undefined): Uint8Array {
  return zipInMemory([{ name: inlineFileName(runtime), data: Buffer.from(source, 'utf8') }]);
}
