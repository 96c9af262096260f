import type { CloudContext, ServiceResponse } from '../../plugin.ts';
import { configurationError, notRunLocally } from './api-errors.ts';
import type { ApiIntegration, IntegrationResponse } from './api-model.ts';
import { logExecution } from './execution-log.ts';
import type { EventInput } from './proxy-events.ts';

type MockIntegration = Extract<ApiIntegration, { kind: 'mock' }>;

/** Why a MOCK integration cannot answer: API Gateway's configuration error, or what the local cloud does not run. */
export type MockOutcome =
  { kind: 'answer'; response: ServiceResponse } | { kind: 'no-mapping' } | { kind: 'unsupported'; what: string };

/** A mapping template the local cloud takes as it is: no VTL directive or reference in it. */
const VTL = /[$#]/;

/**
 * A MOCK integration's answer, as API Gateway gives it: the request template chosen by the
 * request's content type (`application/json` without one) gives `statusCode`, the integration
 * response whose selection pattern matches it (else `default`) gives the method's status, its
 * static `responseParameters` (`'value'`) the headers, and its template the body. Templates
 * with VTL are not run locally; SAM's CORS methods need none.
 */
export function runMockIntegration(integration: MockIntegration, contentType: string | undefined): MockOutcome {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() || 'application/json';
  const template = integration.requestTemplates.get(type) ?? integration.requestTemplates.get('application/json');
  let statusCode = '200';
  if (template !== undefined && template.trim() !== '') {
    if (VTL.test(template)) return { kind: 'unsupported', what: 'a mock integration whose request template uses VTL' };
    let mapped: unknown;
    try {
      mapped = JSON.parse(template);
    } catch {
      return { kind: 'no-mapping' };
    }
    const code = (mapped as { statusCode?: unknown } | null)?.statusCode;
    if (typeof code !== 'number' && typeof code !== 'string') return { kind: 'no-mapping' };
    statusCode = String(code);
  }
  const response = selectResponse(integration.responses, statusCode);
  if (!response) return { kind: 'no-mapping' };
  const status = Number(response.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return { kind: 'no-mapping' };
  // Header names come from the template: a prototype-less object keeps `__proto__` a plain name.
  const headers = Object.create(null) as Record<string, string>;
  for (const [target, source] of response.parameters) {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    const literal = /^'(.*)'$/s.exec(source)?.[1];
    // Only static values: a mock has no integration response headers or body to map from.
    if (name !== undefined && literal !== undefined) headers[name.toLowerCase()] = literal;
  }
  const [bodyType, body] = responseTemplate(response);
  if (body !== undefined && VTL.test(body))
    return { kind: 'unsupported', what: 'a mock integration whose response template uses VTL' };
  return {
    kind: 'answer',
    response: { status, headers: { 'content-type': bodyType, ...headers }, body: body ?? '' },
  };
}

/** The response whose pattern matches the whole status code, else the default one. */
function selectResponse(
  responses: readonly IntegrationResponse[],
  statusCode: string,
): IntegrationResponse | undefined {
  const matched = responses.find((response) => {
    if (response.selectionPattern === undefined) return false;
    try {
      return new RegExp(`^(?:${response.selectionPattern})$`).test(statusCode);
    } catch {
      return false;
    }
  });
  return matched ?? responses.find((response) => response.selectionPattern === undefined);
}

/** The response's `application/json` template (the one API Gateway uses without an `Accept`), else its first. */
function responseTemplate(response: IntegrationResponse): [string, string | undefined] {
  const json = response.templates.get('application/json');
  if (json !== undefined) return ['application/json', json];
  const first = [...response.templates][0];
  return first ?? ['application/json', undefined];
}

/** A MOCK integration's answer; one with no response for its status code is API Gateway's configuration error. */
export function answerMockIntegration(
  integration: MockIntegration,
  input: EventInput,
  ctx: CloudContext,
  routeKey: string,
): ServiceResponse {
  const contentType = input.parts.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1][0];
  const outcome = runMockIntegration(integration, contentType);
  if (outcome.kind === 'answer') return outcome.response;
  if (outcome.kind === 'unsupported') throw notRunLocally(outcome.what, routeKey, input.api);
  logExecution(
    ctx,
    input.api.id,
    input.stage.name,
    input.requestId,
    'Execution failed due to configuration error: No match for output mapping and no default output mapping configured',
  );
  throw configurationError(input.api);
}
