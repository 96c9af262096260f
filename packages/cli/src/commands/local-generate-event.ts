import { SAMPLE_EVENT_FLAGS } from '@toolkit/toolkit/sample-event-flags';
import { defineCommand } from '../command.ts';
import type { OptionGroup } from '../options.ts';
import { renderTable } from '../render/table.ts';

/**
 * One string flag per parameter any sample event takes; which of them an event accepts is the
 * library's check. Defaults belong to each event, so only what is typed on the command line counts.
 */
const eventFlags: OptionGroup = Object.fromEntries(
  SAMPLE_EVENT_FLAGS.map((name) => [name, { type: 'string', describe: 'Sample event parameter', noConfig: true }]),
);

export const localGenerateEventCommand = defineCommand({
  words: ['local', 'generate-event'],
  describe:
    'Print a sample event a service sends Lambda (as sam local generate-event), to pipe into toolkit local invoke --event=-',
  positionals: [
    {
      name: 'service',
      describe: 'Service (s3, sqs, apigateway, …); without it, every sample is listed',
      type: 'string',
      required: false,
    },
    {
      name: 'event',
      describe: "Event of the service (put, receive-message, …); without it, the service's are listed",
      type: 'string',
      required: false,
    },
  ],
  options: eventFlags,
  async handler(context) {
    const { generateSampleEvent, listSampleEvents } = await import('@toolkit/toolkit/sample-events');
    const { options, explicitFlags, printResult } = context;
    const service = options.service;
    const event = options.event;
    if (service === undefined || event === undefined) {
      const samples = listSampleEvents(service).map((s) => ({
        service: s.service,
        event: s.event,
        describe: s.describe,
        parameters: Object.entries(s.parameters).map(([name, p]) => ({
          name,
          default: p.default,
          describe: p.describe,
        })),
      }));
      printResult({ samples }, () =>
        service === undefined
          ? renderTable(
              ['service', 'event', 'description'],
              samples.map((s) => [s.service, s.event, s.describe]),
            )
          : renderTable(
              ['event', 'description', 'flags (default)'],
              samples.map((s) => [
                s.event,
                s.describe,
                s.parameters.map((p) => `--${p.name} (${p.default})`).join(' '),
              ]),
            ),
      );
      return 0;
    }
    const given = new Map<string, string>();
    for (const name of SAMPLE_EVENT_FLAGS) {
      const value = options[name];
      if (explicitFlags.has(name) && typeof value === 'string') given.set(name, value);
    }
    const sample = generateSampleEvent(service, event, given);
    printResult(sample, () => `${JSON.stringify(sample, null, 2)}\n`);
    return 0;
  },
});
