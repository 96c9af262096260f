import { isPlainObject } from '@toolkit/intrinsics';
import { apiEvents } from './api-events.ts';
import { PyDict, PyPlainDict, PyStr } from './py27-repr.ts';
import type { SamScope } from './sam-scope.ts';
import { stateMachineIntegration } from './state-machine-api-event.ts';

const ANY_METHOD = 'x-amazon-apigateway-any-method';

/**
 * The swagger samtranslator writes for an Api without DefinitionBody or DefinitionUri: its skeleton and an
 * aws_proxy Lambda integration per Api event that names it, in the Python value model the Deployment hashes.
 */
export function managedSwagger(apiId: string, scope: SamScope): PyDict {
  const paths = new Map<string, Array<[string | PyStr, unknown]>>();
  for (const event of apiEvents(scope.resources)) {
    if (event.apiId !== apiId) continue;
    const path = event.properties['Path'];
    const method = event.properties['Method'];
    if (typeof path !== 'string' || typeof method !== 'string') continue;
    const methods = paths.get(path) ?? [];
    paths.set(path, methods);
    const name = method.toLowerCase() === 'any' ? new PyStr(ANY_METHOD) : method.toLowerCase();
    const stateMachine = event.function['Type'] === 'AWS::Serverless::StateMachine';
    methods.push([
      name,
      stateMachine ? stateMachineIntegration(event) : lambdaIntegration(event.functionId, event.function, scope),
    ]);
  }
  return new PyDict([
    [new PyStr('swagger'), new PyStr('2.0')],
    [
      new PyStr('info'),
      new PyDict([
        [new PyStr('version'), new PyStr('1.0')],
        [new PyStr('title'), new PyPlainDict([[new PyStr('Ref'), new PyStr('AWS::StackName')]])],
      ]),
    ],
    [new PyStr('paths'), new PyDict([...paths].map(([path, methods]) => [path, new PyDict(methods)]))],
  ]);
}

function lambdaIntegration(functionId: string, fn: Record<string, unknown>, scope: SamScope): PyDict {
  const p = isPlainObject(fn['Properties']) ? fn['Properties'] : {};
  const alias = typeof p['AutoPublishAlias'] === 'string' && p['AutoPublishAlias'] !== '';
  // samtranslator marks the uri as template text only when it names the function (not an alias) by its id.
  const target = alias ? `\${${functionId}Alias${p['AutoPublishAlias'] as string}}` : `\${${functionId}.Arn}`;
  const text = `arn:${scope.partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${target}/invocations`;
  const uri = alias ? new PyStr(text) : text;
  return new PyDict([
    [
      new PyStr('x-amazon-apigateway-integration'),
      new PyDict([
        [new PyStr('type'), new PyStr('aws_proxy')],
        [new PyStr('httpMethod'), new PyStr('POST')],
        [new PyStr('uri'), new PyDict([[new PyStr('Fn::Sub'), uri]])],
      ]),
    ],
    [new PyStr('responses'), new PyDict([])],
  ]);
}

/** The plain JSON of a value in the Python model (what the template carries). */
export function toJson(value: unknown): unknown {
  if (value instanceof PyStr) return value.value;
  if (value instanceof PyDict || value instanceof PyPlainDict) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of value.entries) result[key instanceof PyStr ? key.value : key] = toJson(item);
    return result;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
