/// <reference lib="dom" />
import type { AwsClient } from '../aws-client.ts';
import { describeError, field, h, statusLine } from '../dom.ts';

/** What one RequestResponse invoke answered, as Lambda's headers and body say it. */
export interface InvokeAnswer {
  status: number;
  executedVersion: string;
  /** `Unhandled` (or `Handled`) when the function failed; '' otherwise. */
  functionError: string;
  payload: string;
  /** The last 4 KB of the invoke's log, decoded from `X-Amz-Log-Result`. */
  logTail: string;
}

/** Invokes `name` synchronously with `event` as the payload and asks for the log tail. */
export async function invokeFunction(client: AwsClient, name: string, event: string): Promise<InvokeAnswer> {
  const answer = await client.rest('lambda', 'POST', `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
    body: new TextEncoder().encode(event),
    headers: { 'x-amz-invocation-type': 'RequestResponse', 'x-amz-log-type': 'Tail' },
  });
  const log = answer.headers.get('x-amz-log-result');
  return {
    status: answer.status,
    executedVersion: answer.headers.get('x-amz-executed-version') ?? '',
    functionError: answer.headers.get('x-amz-function-error') ?? '',
    payload: await answer.text(),
    logTail: log ? new TextDecoder().decode(Uint8Array.from(atob(log), (c) => c.charCodeAt(0))) : '',
  };
}

/** The invoke panel of a function's page: a JSON event in, the result, error, version and log tail out. */
export function invokePanel(client: AwsClient, name: string): HTMLElement {
  const event = h('textarea', { id: 'fn-event', rows: 5, spellcheck: false, autocomplete: 'off' }, '{}');
  const status = statusLine('invoke-status');
  const result = h('div', { id: 'invoke-result' });
  const busy = h('button', { type: 'submit' }, 'Invoke');
  const form = h(
    'form',
    {
      'aria-labelledby': 'fn-invoke-title',
      onsubmit: async (submitted: Event) => {
        submitted.preventDefault();
        busy.disabled = true;
        status.show('Invoking…', 'busy');
        result.replaceChildren();
        try {
          const answer = await invokeFunction(client, name, event.value);
          status.show(
            answer.functionError
              ? `The function failed (${answer.functionError}) in version ${answer.executedVersion}.`
              : `Invoked version ${answer.executedVersion}: status ${answer.status}.`,
            answer.functionError ? 'error' : 'ok',
          );
          result.replaceChildren(renderAnswer(answer));
        } catch (error) {
          // Lambda's own refusals (not JSON, not found, throttled) in its words.
          status.show(describeError(error), 'error');
        } finally {
          busy.disabled = false;
        }
      },
    },
    h('h3', { id: 'fn-invoke-title' }, 'Invoke'),
    field('Event (JSON)', event, 'Sent as the payload of a RequestResponse invoke, with the log tail'),
    busy,
    status.element,
    result,
  );
  return form;
}

function renderAnswer(answer: InvokeAnswer): HTMLElement {
  return h(
    'dl',
    {},
    h('dt', {}, 'Executed version'),
    h('dd', { id: 'invoke-version' }, answer.executedVersion),
    h('dt', {}, 'Function error'),
    h('dd', { id: 'invoke-function-error' }, answer.functionError || 'none'),
    h('dt', {}, 'Result'),
    h('dd', {}, h('pre', { id: 'invoke-payload' }, answer.payload)),
    h('dt', {}, 'Log tail'),
    h('dd', {}, h('pre', { id: 'invoke-log' }, answer.logTail)),
  );
}
