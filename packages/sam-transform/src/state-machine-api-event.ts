import { isPlainObject } from '@toolkit/intrinsics';
import type { ApiEvent } from './api-events.ts';
import { PyDict, PyPlainDict, PyStr } from './py27-repr.ts';

// A state machine's `Api` event: API Gateway starts an execution through the event's role
// (`<StateMachine><Event>Role`, made with the other event roles in state-machine-events.ts).

const p = (text: string) => new PyStr(text);

/**
 * The swagger method samtranslator's `add_state_machine_integration` writes for the event, in the
 * Python value model the Deployment's hash is taken over: strings samtranslator wrote are `PyStr`,
 * those of the template plain.
 */
export function stateMachineIntegration(event: ApiEvent): PyDict {
  const stateMachineId = event.functionId;
  const sm = isPlainObject(event.function['Properties']) ? event.function['Properties'] : {};
  // The execution starts on the alias when the state machine makes it the events' target.
  const target =
    sm['UseAliasAsEventTarget'] && sm['AutoPublishAlias']
      ? `${stateMachineId}Alias${String(sm['AutoPublishAlias'])}`
      : stateMachineId;
  const unescape = isPlainObject(event.properties) && event.properties['UnescapeMappingTemplate'] === true;
  // samtranslator's json.dumps of {input, stateMachineArn}, or its hand-written unescaping variant.
  const template = unescape
    ? `{"input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'","'")", "stateMachineArn": "\${${target}}"}`
    : `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "\${${target}}"}`;
  const statusCodes = (key: string, value: (code: string) => string) =>
    new PyDict(['200', '400'].map((code) => [p(code), new PyDict([[p(key), p(value(code))]])] as const));
  return new PyDict([
    [
      p('x-amazon-apigateway-integration'),
      new PyDict([
        [p('type'), p('aws')],
        [p('httpMethod'), p('POST')],
        [
          p('uri'),
          new PyPlainDict([
            [p('Fn::Sub'), p('arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution')],
          ]),
        ],
        [p('responses'), statusCodes('statusCode', (code) => code)],
        [
          p('credentials'),
          new PyPlainDict([[p('Fn::GetAtt'), [p(`${stateMachineId}${event.eventId}Role`), p('Arn')]]]),
        ],
        [
          p('requestTemplates'),
          new PyPlainDict([[p('application/json'), new PyPlainDict([[p('Fn::Sub'), p(template)]])]]),
        ],
      ]),
    ],
    [p('responses'), statusCodes('description', (code) => (code === '200' ? 'OK' : 'Bad Request'))],
  ]);
}
