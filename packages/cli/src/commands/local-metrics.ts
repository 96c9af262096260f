import { defineCommand } from '../command.ts';
import { renderTable } from '../render/table.ts';
import { stateDirFromOptions } from './state-dir-option.ts';

export const localMetricsCommand = defineCommand({
  words: ['local', 'metrics'],
  describe: "Show Lambda's SignatureValidationErrors: code accepted under a Warn policy, with the reasons",
  options: {
    'state-dir': {
      type: 'string',
      describe: "State folder of the local cloud (default: the project's, as for every command)",
    },
  },
  async handler(context) {
    const { readSignatureValidationMetrics } = await import('@toolkit/cloud');
    const metrics = readSignatureValidationMetrics(await stateDirFromOptions(context));
    context.printResult(metrics, () => {
      if (metrics.functions.length === 0) return 'No signature validation errors recorded.\n';
      return [
        renderTable(
          ['function', 'SignatureValidationErrors'],
          metrics.functions.map((f) => [f.functionName, String(f.signatureValidationErrors)]),
        ),
        renderTable(
          ['time', 'function', 'failure', 'reason'],
          metrics.records.map((r) => [r.recordedAt, r.functionName, r.failure, r.reason]),
        ),
      ].join('\n');
    });
    return 0;
  },
});
