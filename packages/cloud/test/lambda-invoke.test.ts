import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { ROLE, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { codeZip, createCodeFunction, payloadJson, processAlive } from './lambda-invoke-fixtures.ts';

const ECHO_CJS = `
exports.handler = async (event, context) => ({
  event,
  pid: process.pid,
  name: context.functionName,
  version: context.functionVersion,
  arn: context.invokedFunctionArn,
  memory: context.memoryLimitInMB,
  remaining: context.getRemainingTimeInMillis() > 0,
  env: {
    name: process.env.AWS_LAMBDA_FUNCTION_NAME,
    handler: process.env._HANDLER,
    region: process.env.AWS_REGION,
    root: process.env.LAMBDA_TASK_ROOT === process.cwd(),
    own: process.env.GREETING,
    api: /^127\\.0\\.0\\.1:\\d+$/.test(process.env.AWS_LAMBDA_RUNTIME_API),
  },
});
`;

describe('Lambda Invoke runs the deployed package', () => {
  let f: LambdaFixture;
  const pids: number[] = [];

  beforeAll(async () => {
    f = await startLambdaFixture({ knobs: { lambdaEventRetryDelayMs: 1 } });
    await createCodeFunction(
      f.lambda,
      'echo',
      { 'index.js': ECHO_CJS },
      {
        Environment: { Variables: { GREETING: 'hi' } },
        MemorySize: 256,
      },
    );
  });
  afterAll(async () => {
    await f?.close();
    // Closing the cloud stops every execution environment.
    expect(pids.filter(processAlive)).toEqual([]);
  });

  async function invoke(name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) {
    const out = await f.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }),
    );
    return { ...out, json: out.Payload && out.Payload.length > 0 ? payloadJson(out.Payload) : undefined };
  }

  it('runs a CommonJS handler with the event, context and Lambda environment', async () => {
    const out = await invoke('echo', { a: 1 });
    const body = out.json as Record<string, unknown>;
    pids.push(body.pid as number);
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.FunctionError).toBeUndefined();
    expect(body).toMatchObject({
      event: { a: 1 },
      name: 'echo',
      version: '$LATEST',
      arn: f.functionArn('echo'),
      memory: '256',
      remaining: true,
      env: { name: 'echo', handler: 'index.handler', region: f.cloud.region, root: true, own: 'hi', api: true },
    });
  });

  it('reuses a warm environment and gives concurrent invokes their own', async () => {
    const first = (await invoke('echo')).json as { pid: number };
    const second = (await invoke(f.functionArn('echo'))).json as { pid: number };
    expect(second.pid).toBe(first.pid);
    await createCodeFunction(f.lambda, 'slow', {
      'index.js':
        'exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return process.pid; };',
    });
    const both = await Promise.all([invoke('slow'), invoke('slow')]);
    const slowPids = both.map((out) => out.json as number);
    pids.push(first.pid, ...slowPids);
    expect(new Set(slowPids).size).toBe(2);
  });

  it('runs an ES module handler (export const handler) and a callback-style handler', async () => {
    await createCodeFunction(
      f.lambda,
      'esm',
      {
        'app/main.mjs': 'export const handler = async (event) => ({ esm: true, got: event.x });',
      },
      { Handler: 'app/main.handler' },
    );
    expect((await invoke('esm', { x: 5 })).json).toEqual({ esm: true, got: 5 });
    await createCodeFunction(f.lambda, 'callback', {
      'index.js': 'exports.handler = (event, context, callback) => { callback(null, { cb: event.n * 2 }); };',
    });
    expect((await invoke('callback', { n: 21 })).json).toEqual({ cb: 42 });
  });

  it('runs a Python handler (module.function)', async () => {
    await createCodeFunction(
      f.lambda,
      'py',
      {
        'pkg/app.py':
          'import os\ndef main(event, context):\n    return {"py": event["v"], "fn": context.function_name, "env": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "pid": os.getpid()}\n',
        'pkg/__init__.py': '',
      },
      { Runtime: 'python3.12', Handler: 'pkg/app.main' },
    );
    const out = await invoke('py', { v: 'x' });
    pids.push((out.json as { pid: number }).pid);
    expect(out.json).toMatchObject({ py: 'x', fn: 'py', env: 'py' });
  });

  it('puts layers on NODE_PATH and PYTHONPATH as their /opt layout says', async () => {
    const { PublishLayerVersionCommand } = await import('@aws-sdk/client-lambda');
    const layer = await f.lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'shared',
        Content: {
          ZipFile: codeZip({
            'nodejs/node_modules/greeting/index.js': 'module.exports = (name) => "hello " + name;',
            'nodejs/shared.mjs': 'export const shout = (text) => text.toUpperCase();',
            'python/greeting.py': 'def greet(name):\n    return "hi " + name\n',
          }),
        },
      }),
    );
    await createCodeFunction(
      f.lambda,
      'with-layer',
      { 'index.js': 'const greet = require("greeting"); exports.handler = async (e) => greet(e.name);' },
      { Layers: [layer.LayerVersionArn!] },
    );
    expect((await invoke('with-layer', { name: 'node' })).json).toBe('hello node');
    // Code written for Lambda imports layer files from /opt, which each layer's folder stands for.
    await createCodeFunction(
      f.lambda,
      'opt-import',
      {
        'index.mjs':
          'import { shout } from "/opt/nodejs/shared.mjs"; import { createRequire } from "node:module"; const greet = createRequire(import.meta.url)("/opt/nodejs/node_modules/greeting/index.js"); export const handler = async (e) => shout(greet(e.name));',
      },
      { Layers: [layer.LayerVersionArn!] },
    );
    expect((await invoke('opt-import', { name: 'opt' })).json).toBe('HELLO OPT');
    await createCodeFunction(
      f.lambda,
      'py-layer',
      { 'app.py': 'from greeting import greet\ndef handler(event, context):\n    return greet(event["name"])\n' },
      { Runtime: 'python3.12', Handler: 'app.handler', Layers: [layer.LayerVersionArn!] },
    );
    expect((await invoke('py-layer', { name: 'py' })).json).toBe('hi py');
  });

  it('starts a provided runtime from its bootstrap, which speaks the Runtime API itself', async () => {
    const runtime = `
      const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation/';
      for (;;) {
        const next = await fetch(api + 'next');
        const id = next.headers.get('lambda-runtime-aws-request-id');
        const event = await next.json();
        console.log('custom runtime got', event.q);
        await fetch(api + id + '/response', { method: 'POST', body: JSON.stringify({ custom: event.q, handler: process.env._HANDLER }) });
      }`;
    await createCodeFunction(
      f.lambda,
      'custom',
      { bootstrap: '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/runtime.mjs"\n', 'runtime.mjs': runtime },
      { Runtime: 'provided.al2023', Handler: 'my.handler' },
    );
    const out = await invoke('custom', { q: 'x' }, { LogType: 'Tail' });
    expect(out.json).toEqual({ custom: 'x', handler: 'my.handler' });
    await createCodeFunction(
      f.lambda,
      'no-bootstrap',
      { 'main.sh': 'echo' },
      { Runtime: 'provided.al2', Handler: 'x' },
    );
    const missing = await invoke('no-bootstrap');
    expect(missing.FunctionError).toBe('Unhandled');
    expect(missing.json).toMatchObject({ errorType: 'Runtime.InvalidEntrypoint' });
  });

  it('answers a Python exception as Unhandled with errorType, errorMessage and stackTrace', async () => {
    await createCodeFunction(
      f.lambda,
      'py-fails',
      { 'app.py': 'def handler(event, context):\n    raise ValueError("no good")\n' },
      { Runtime: 'python3.12', Handler: 'app.handler' },
    );
    const out = await invoke('py-fails');
    expect(out.FunctionError).toBe('Unhandled');
    const body = out.json as { errorType: string; errorMessage: string; stackTrace: string[] };
    expect([body.errorType, body.errorMessage]).toEqual(['ValueError', 'no good']);
    expect(body.stackTrace.join('')).toContain('raise ValueError("no good")');
  });

  it('hands the runtime its client context, large events and answers whole, and goes on after a function error', async () => {
    await createCodeFunction(f.lambda, 'mirror', {
      'index.js': `exports.handler = async (event, context) => {
        if (event.fail) throw new RangeError('asked to fail');
        return { size: event.text?.length, tail: event.text?.slice(-3), custom: context.clientContext?.custom, id: context.awsRequestId, back: 'y'.repeat(event.back ?? 0) };
      };`,
    });
    const clientContext = Buffer.from(JSON.stringify({ custom: { who: 'tester' } })).toString('base64');
    const text = `${'x'.repeat(3_000_000)}end`;
    const big = await invoke('mirror', { text, back: 2_000_000 }, { ClientContext: clientContext });
    expect(big.FunctionError).toBeUndefined();
    const body = big.json as { size: number; tail: string; custom: unknown; id: string; back: string };
    expect(body).toMatchObject({ size: text.length, tail: 'end', custom: { who: 'tester' } });
    expect(body.back).toHaveLength(2_000_000);
    const failed = await invoke('mirror', { fail: true });
    expect(failed.FunctionError).toBe('Unhandled');
    expect(failed.json).toMatchObject({ errorType: 'RangeError', errorMessage: 'asked to fail' });
    const again = (await invoke('mirror', { text: 'abc' })).json as { size: number; id: string };
    expect(again.size).toBe(3);
    expect(again.id).not.toBe(body.id);
  });

  it('answers a thrown error as Unhandled with errorType, errorMessage and trace', async () => {
    await createCodeFunction(f.lambda, 'fails', {
      'index.js': 'exports.handler = async () => { const e = new TypeError("bad input"); throw e; };',
    });
    const out = await invoke('fails');
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const body = out.json as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe('TypeError');
    expect(body.errorMessage).toBe('bad input');
    expect(body.trace[0]).toBe('TypeError: bad input');
    await createCodeFunction(f.lambda, 'exits', { 'index.js': 'exports.handler = async () => process.exit(3);' });
    const exited = await invoke('exits');
    expect(exited.FunctionError).toBe('Unhandled');
    expect(exited.json).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Runtime exited with error: exit status 3$/) as string,
    });
    await createCodeFunction(f.lambda, 'no-handler', { 'index.js': 'exports.other = 1;' });
    const missing = await invoke('no-handler');
    expect(missing.FunctionError).toBe('Unhandled');
    expect(missing.json).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.handler is undefined or not exported',
    });
  });

  it('kills a function past its timeout and says so in the payload and the Tail log', async () => {
    await createCodeFunction(
      f.lambda,
      'hangs',
      {
        'index.js':
          'exports.handler = async () => { console.log("waiting"); await new Promise(() => setInterval(() => {}, 1000)); };',
      },
      { Timeout: 1 },
    );
    const out = await invoke('hangs', {}, { LogType: 'Tail' });
    expect(out.FunctionError).toBe('Unhandled');
    expect((out.json as { errorMessage: string }).errorMessage).toMatch(/Error: Task timed out after 1\.00 seconds$/);
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\n/);
    expect(log).toContain('\tINFO\twaiting\n');
    expect(log).toMatch(
      /Task timed out after 1\.00 seconds\nEND RequestId: \S+\nREPORT RequestId: \S+\tDuration: [\d.]+ ms\t/,
    );
  });

  it('returns the last 4 KB of the log, base64, with X-Amz-Log-Type: Tail', async () => {
    await createCodeFunction(f.lambda, 'chatty', {
      'index.js':
        'exports.handler = async () => { for (let i = 0; i < 200; i++) console.log("line " + i); return "ok"; };',
    });
    const out = await invoke('chatty', {}, { LogType: 'Tail' });
    const log = Buffer.from(out.LogResult ?? '', 'base64');
    expect(log.length).toBe(4096);
    expect(log.toString()).toContain('\tINFO\tline 199\n');
    expect(log.toString()).toMatch(/REPORT RequestId: .*Max Memory Used: \d+ MB/);
  });

  it("has each invoke's whole log (peak memory included) for a read sent once its answer is in", async () => {
    await createCodeFunction(f.lambda, 'logged', {
      'index.js':
        'exports.handler = async (event, context) => { console.log("ran " + event.n); return context.awsRequestId; };',
    });
    const logs = new CloudWatchLogsClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
    try {
      for (let n = 0; n < 5; n++) {
        const requestId = (await invoke('logged', { n })).json as string;
        const found = await logs.send(
          new FilterLogEventsCommand({ logGroupName: '/aws/lambda/logged', filterPattern: `"${requestId}"` }),
        );
        const messages = (found.events ?? []).map((event) => event.message ?? '');
        expect(messages).toHaveLength(4);
        expect(messages[0]).toBe(`START RequestId: ${requestId} Version: $LATEST`);
        expect(messages[1]).toMatch(new RegExp(`\\t${requestId}\\tINFO\\tran ${n}$`));
        expect(messages[2]).toBe(`END RequestId: ${requestId}`);
        expect(messages[3]).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\t.*Max Memory Used: [1-9]\\d* MB`));
      }
    } finally {
      logs.destroy();
    }
  });

  it('resolves versions and aliases, reporting the executed version', async () => {
    await createCodeFunction(f.lambda, 'versioned', { 'index.js': 'exports.handler = async () => "one";' });
    await f.lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await f.lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    await f.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'versioned',
        ZipFile: codeZip({ 'index.js': 'exports.handler = async () => "two";' }),
      }),
    );
    const latest = await invoke('versioned');
    expect([latest.json, latest.ExecutedVersion]).toEqual(['two', '$LATEST']);
    const alias = await invoke('versioned', {}, { Qualifier: 'live' });
    expect([alias.json, alias.ExecutedVersion]).toEqual(['one', '1']);
    const byArn = await invoke(`${f.functionArn('versioned')}:1`);
    expect([byArn.json, byArn.ExecutedVersion]).toEqual(['one', '1']);
    const partial = await invoke(`${f.cloud.accountId}:function:versioned:live`);
    expect(partial.json).toBe('one');
  });

  it('runs what the latest change says: alias moves, configuration, code, deletion', async () => {
    const run = async (qualifier?: string) => {
      const out = await invoke('moving', {}, qualifier ? { Qualifier: qualifier } : {});
      return [out.json, out.ExecutedVersion];
    };
    const code = (tag: string) => codeZip({ 'index.js': `exports.handler = async () => "${tag}:" + process.env.TAG;` });
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'moving',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: code('a') },
        Environment: { Variables: { TAG: '1' } },
      }),
    );
    await f.lambda.send(new PublishVersionCommand({ FunctionName: 'moving' }));
    await f.lambda.send(new CreateAliasCommand({ FunctionName: 'moving', Name: 'live', FunctionVersion: '1' }));
    expect(await run()).toEqual(['a:1', '$LATEST']);
    expect(await run('live')).toEqual(['a:1', '1']);
    await f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'moving', ZipFile: code('b') }));
    expect(await run()).toEqual(['b:1', '$LATEST']);
    await f.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'moving', Environment: { Variables: { TAG: '2' } } }),
    );
    expect(await run()).toEqual(['b:2', '$LATEST']);
    await f.lambda.send(new PublishVersionCommand({ FunctionName: 'moving' }));
    expect(await run('live')).toEqual(['a:1', '1']);
    await f.lambda.send(new UpdateAliasCommand({ FunctionName: 'moving', Name: 'live', FunctionVersion: '2' }));
    expect(await run('live')).toEqual(['b:2', '2']);
    await f.lambda.send(new DeleteAliasCommand({ FunctionName: 'moving', Name: 'live' }));
    expect(await sdkError(invoke('moving', {}, { Qualifier: 'live' }))).toMatchObject({ status: 404 });
    await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'moving' }));
    expect(await sdkError(invoke('moving'))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('retires the warm environment when the code changes', async () => {
    await createCodeFunction(f.lambda, 'changing', { 'index.js': 'exports.handler = async () => ["a", process.pid];' });
    const [, oldPid] = (await invoke('changing')).json as [string, number];
    await f.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'changing',
        ZipFile: codeZip({ 'index.js': 'exports.handler = async () => ["b", process.pid];' }),
      }),
    );
    const [marker, newPid] = (await invoke('changing')).json as [string, number];
    pids.push(oldPid, newPid);
    expect(marker).toBe('b');
    expect(newPid).not.toBe(oldPid);
    await expect.poll(() => processAlive(oldPid)).toBe(false);
  });

  it('answers DryRun 204 and Event 202, and retries a failing Event twice', async () => {
    const dry = await f.lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    await createCodeFunction(f.lambda, 'async-fails', {
      'index.js': 'exports.handler = async (event) => { console.log("attempt", event.id); throw new Error("nope"); };',
    });
    const queued = await f.lambda.send(
      new InvokeCommand({ FunctionName: 'async-fails', InvocationType: 'Event', Payload: Buffer.from('{"id":7}') }),
    );
    expect(queued.StatusCode).toBe(202);
    const logs = new CloudWatchLogsClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
    const starts = async () => {
      const out = await logs
        .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/async-fails', filterPattern: '"attempt 7"' }))
        .catch(() => ({ events: [] }));
      return out.events?.length ?? 0;
    };
    await expect.poll(starts, { timeout: 10_000 }).toBe(3);
    logs.destroy();
  });

  it("refuses what Lambda refuses, in Lambda's words", async () => {
    expect(await sdkError(invoke('nope'))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${f.functionArn('nope')}`,
    });
    expect(
      await sdkError(f.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{not json') }))),
    ).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
    expect(
      await sdkError(f.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.alloc(6_291_457, 32) }))),
    ).toMatchObject({ name: 'RequestTooLargeException', status: 413 });
    await createCodeFunction(f.lambda, 'java', { 'x.txt': 'x' }, { Runtime: 'java21', Handler: 'a.B::h' });
    expect(await sdkError(invoke('java'))).toMatchObject({
      name: 'InvalidRuntimeException',
      message: expect.stringContaining('cannot run runtime java21') as string,
    });
  });
});
