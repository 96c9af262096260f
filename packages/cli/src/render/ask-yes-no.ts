import { createInterface } from 'node:readline/promises';
import type { TextSink } from '../cli-environment.ts';

/** Asks a yes/no question, reading the answer from `input` and asking on `output` (stderr); defaults to no. */
export async function askYesNo(question: string, input: NodeJS.ReadableStream, output: TextSink): Promise<boolean> {
  const rl = createInterface({ input, terminal: false });
  try {
    output.write(`${question} [y/N]: `);
    // An input that ends before a line is an answer of no.
    const answer = await new Promise<string>((resolveAnswer) => {
      rl.once('line', resolveAnswer);
      rl.once('close', () => resolveAnswer(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
