import { invalidParameter, validationError } from './lambda-errors.ts';
import {
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalStringMap,
} from './input-fields.ts';

/** Runtimes of the Lambda API model (deprecated ones included: Lambda still reports them). */
const RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'nodejs4.3-edge',
  'java8',
  'java8.al2',
  'java11',
  'java17',
  'java21',
  'java25',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet8',
  'dotnet10',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'ruby4.0',
  'provided',
  'provided.al2',
  'provided.al2023',
];
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const HANDLER = /^[^\s]+$/;

/** The configuration members CreateFunction and UpdateFunctionConfiguration share; undefined = not given. */
export interface FunctionSettings {
  runtime?: string;
  role?: string;
  handler?: string;
  description?: string;
  timeout?: number;
  memorySize?: number;
  environment?: Record<string, string>;
  layers?: string[];
  architectures?: string[];
}

/** Reads and checks the shared configuration members of a request body. */
export function readFunctionSettings(body: Record<string, unknown>): FunctionSettings {
  const settings: FunctionSettings = {};
  const runtime = optionalString(body, 'Runtime', 'runtime');
  if (runtime !== undefined && !RUNTIMES.includes(runtime)) {
    throw invalidParameter(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
  if (runtime !== undefined) settings.runtime = runtime;
  const role = optionalString(body, 'Role', 'role');
  if (role !== undefined && !ROLE.test(role)) {
    throw validationError(
      `'${role}'`,
      'role',
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
    );
  }
  if (role !== undefined) settings.role = role;
  const handler = optionalString(body, 'Handler', 'handler', 128);
  if (handler !== undefined && !HANDLER.test(handler))
    throw validationError(`'${handler}'`, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
  if (handler !== undefined) settings.handler = handler;
  const description = optionalString(body, 'Description', 'description', 256);
  if (description !== undefined) settings.description = description;
  const timeout = optionalInteger(body, 'Timeout', 'timeout', 1, 900);
  if (timeout !== undefined) settings.timeout = timeout;
  const memorySize = optionalInteger(body, 'MemorySize', 'memorySize', 128, 10240);
  if (memorySize !== undefined) settings.memorySize = memorySize;
  const environment = optionalObject(body, 'Environment', 'environment');
  if (environment !== undefined)
    settings.environment = optionalStringMap(environment, 'Variables', 'environment.variables') ?? {};
  const layers = optionalStringList(body, 'Layers', 'layers');
  if (layers !== undefined) settings.layers = layers;
  const architectures = optionalStringList(body, 'Architectures', 'architectures');
  if (architectures !== undefined) settings.architectures = architecturesOf(architectures);
  return settings;
}

function architecturesOf(list: string[]): string[] {
  if (list.length !== 1)
    throw validationError(`'[${list.join(', ')}]'`, 'architectures', 'Member must have length less than or equal to 1');
  const [architecture] = list;
  if (architecture !== 'x86_64' && architecture !== 'arm64') {
    throw validationError(
      `'[${list.join(', ')}]'`,
      'architectures',
      'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]',
    );
  }
  return list;
}
