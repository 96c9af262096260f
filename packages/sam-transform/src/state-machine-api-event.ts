import { isPlainObject } from '@toolkit/intrinsics';
import type { ApiEventInput } from './api-definition.ts';
import { addEventAuth } from './api-event-auth.ts';
import { fromTemplate, plainDict, Py27Dict, py27Dict } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import type { SamScope } from './sam-scope.ts';
import {
  conditionalContents,
  makeConditional,
  methodKey,
  SwaggerEditor,
  truthy,
  validatePathItem,
  X_INTEGRATION,
} from './swagger-editor.ts';

// A state machine's `Api` event: API Gateway starts an execution through the event's role
// (`<StateMachine><Event>Role`, made with the other event roles in state-machine-events.ts).

const p = (text: string) => new PyStr(text);

/**
 * What a state machine's Api event adds to a managed API's swagger, as samtranslator's stepfunctions
 * `Api._add_swagger_integration` does: the StartExecution integration, then the event's Auth. Its errors
 * carry no resource prefix, as samtranslator reports a state machine's event errors.
 */
export function addStateMachineToSwagger(
  apiId: string,
  api: Py27Dict,
  body: unknown,
  event: ApiEventInput,
  scope: SamScope,
): unknown {
  if (body === undefined || body === null) return body;
  const editor = new SwaggerEditor(body);
  const path = event.properties.get('Path') as string;
  const method = event.properties.get('Method');
  const normalized = typeof method === 'string' ? method.toLowerCase() : method;
  try {
    if (editor.hasIntegration(path, normalized))
      throw eventError(event, `API method "${String(normalized)}" defined multiple times for path "${path}".`);
    addStateMachineIntegration(editor, path, normalized, event);
    if (truthy(event.properties.get('Auth'))) addEventAuth(editor, apiId, api, event, scope);
  } catch (error) {
    if (error instanceof SamResourceError && error.logicalId === event.functionId)
      throw new SamResourceError(undefined, error.reason);
    throw error;
  }
  return editor.swagger;
}

function eventError(event: ApiEventInput, reason: string): SamResourceError {
  return new SamResourceError(undefined, `Event with id [${event.eventId}] is invalid. ${reason}`);
}

/** `SwaggerEditor.add_state_machine_integration`. */
function addStateMachineIntegration(editor: SwaggerEditor, path: string, method: unknown, event: ApiEventInput): void {
  const key = methodKey(method);
  editor.addPath(path, method);
  const condition = event.function['Condition'];
  const uri = plainDict([
    [p('Fn::Sub'), p('arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution')],
  ]);
  const integrationUri = condition !== undefined ? makeConditional(fromTemplate(condition), uri) : uri;
  const credentials = plainDict([[p('Fn::GetAtt'), [p(`${event.functionId}${event.eventId}Role`), p('Arn')]]]);
  for (const item of conditionalContents(editor.paths.get(path))) {
    validatePathItem(item, path);
    const definition = item.get(key) as Py27Dict;
    const integration = py27Dict();
    definition.set(p(X_INTEGRATION), integration);
    integration.set(p('type'), p('aws'));
    integration.set(p('httpMethod'), p('POST'));
    integration.set(p('uri'), integrationUri);
    integration.set(
      p('responses'),
      statusCodes('statusCode', (code) => code),
    );
    integration.set(p('credentials'), credentials);
    definition.setDefault(
      p('responses'),
      statusCodes('description', (code) => (code === '200' ? 'OK' : 'Bad Request')),
    );
    integration.set(p('requestTemplates'), requestTemplates(event));
    if (condition !== undefined) item.set(key, makeConditional(fromTemplate(condition), definition));
  }
}

/** `{"200": {key: value("200")}, "400": {key: value("400")}}`, built key by key as samtranslator does. */
function statusCodes(key: string, value: (code: string) => string): Py27Dict {
  const codes = py27Dict();
  for (const code of ['200', '400']) codes.set(p(code), new Py27Dict(true, [[p(key), p(value(code))]]));
  return codes;
}

/** The mapping template that passes the request body as the execution's input, to the state machine or its alias. */
function requestTemplates(event: ApiEventInput): Py27Dict {
  const sm = isPlainObject(event.function['Properties']) ? event.function['Properties'] : {};
  const target =
    sm['UseAliasAsEventTarget'] && sm['AutoPublishAlias']
      ? `${event.functionId}Alias${String(sm['AutoPublishAlias'])}`
      : event.functionId;
  // samtranslator's json.dumps of {input, stateMachineArn}, or its hand-written variant that unescapes quotes.
  const template =
    event.properties.get('UnescapeMappingTemplate') === true
      ? `{"input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'","'")", "stateMachineArn": "\${${target}}"}`
      : `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "\${${target}}"}`;
  return plainDict([[p('application/json'), plainDict([[p('Fn::Sub'), p(template)]])]]);
}
