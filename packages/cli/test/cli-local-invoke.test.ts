import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloTemplate } from './support/hello-template.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { functionLogs, type FunctionLogEvent } from '@toolkit/toolkit';
import { fixtureTree } from '@toolkit/test-support';

/** The Hello template with a nested stack, `Child`, holding a Python function. */
const rootTemplate = `${helloTemplate}  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child/template.yaml
`;

const childTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: greeter/
      Runtime: python3.12
      Handler: app.handler
`;

describe('toolkit local invoke and toolkit logs (local target)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (args: string[], stdin?: string) =>
    runToolkit(args, { cwd: root, ...(stdin === undefined ? {} : { stdin }) });

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml': rootTemplate,
      'hello/index.mjs':
        'export const handler = async (event) => { console.log("hello called with", event.name); return { greeting: "hello " + event.name }; };\n',
      'child/template.yaml': childTemplate,
      'child/greeter/app.py':
        'def handler(event, context):\n    print("greeter ran")\n    records = event.get("Records") or [{}]\n    return "hi " + event.get("name", records[0].get("body", "nobody"))\n',
      'events/named.json': '{\n  "name": "file"\n}\n',
      'events/broken.json': '{\n  "name": "file",\n  oops\n}\n',
    }));
    const deploy = await toolkit([
      'deploy',
      '--template-file',
      'template.yaml',
      '--stack-name',
      'app',
      '--capabilities',
      'CAPABILITY_IAM',
      'CAPABILITY_AUTO_EXPAND',
      '--json',
    ]);
    expect(deploy.exitCode, deploy.stderr).toBe(0);
  }, 120_000);
  afterAll(() => cleanup());

  it('invokes a function by logical id with an event file and prints its answer; the log goes to stderr', async () => {
    const run = await toolkit(['local', 'invoke', 'Hello', '--stack-name', 'app', '--event', 'events/named.json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ greeting: 'hello file' });
    expect(run.stderr).toContain('\tINFO\thello called with file');
    expect(run.stderr).toMatch(/REPORT RequestId: \S+\tDuration: /);
  });

  it("invokes a nested stack's function as Child/Fn with the event on stdin, --json", async () => {
    const run = await toolkit(
      ['local', 'invoke', 'Child/Greeter', '--stack-name', 'app', '--event=-', '--json'],
      '{"name": "stdin"}',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      functionName: string;
      payload: unknown;
      executedVersion: string;
      log: string;
    };
    expect(doc.payload).toBe('hi stdin');
    expect(doc.executedVersion).toBe('$LATEST');
    expect(doc.log).toContain('greeter ran');
  });

  it('pipes a sample event from local generate-event into local invoke, as with sam local', async () => {
    const sample = await toolkit(['local', 'generate-event', 'sqs', 'receive-message', '--body', 'from the queue']);
    expect(sample.exitCode, sample.stderr).toBe(0);
    const run = await toolkit(['local', 'invoke', 'Child/Greeter', '--stack-name', 'app', '--event=-'], sample.stdout);
    expect(run.exitCode, run.stderr).toBe(0);
    // As sam local invoke and aws lambda invoke print it: the JSON Lambda returned, quotes and all.
    expect(run.stdout).toBe('"hi from the queue"\n');
    const wrong = await toolkit(['local', 'generate-event', 'sqs', 'receive-message', '--bucket', 'b', '--json']);
    expect(wrong.exitCode).toBe(2);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'TOOLKIT_E4041' } });
    expect(wrong.stderr).toContain('--bucket: sqs receive-message does not take this flag; it takes --partition');
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a bad event file with line and column, and an unknown function with the closest one (exit 2)', async () => {
    const broken = await toolkit(['local', 'invoke', 'Hello', '--stack-name', 'app', '--event', 'events/broken.json']);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('--event: events/broken.json:3:3: the event is not JSON');
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const unknown = await toolkit(['local', 'invoke', 'Helo', '--stack-name', 'app']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain(
      'Function Helo is not in stack app (did you mean Hello?); its functions: Child/Greeter, Hello',
    );
  });

  it('functionLogs with tail follows new events until aborted', async () => {
    const stop = new AbortController();
    const seen: FunctionLogEvent[] = [];
    let tailing!: () => void;
    const started = new Promise<void>((resolve) => (tailing = resolve));
    const followed = functionLogs({
      target: 'local',
      stateDir: projectStateDir(root),
      cwd: root,
      stackName: 'app',
      functionId: 'Hello',
      tail: true,
      pollMs: 50,
      signal: stop.signal,
      onEvent(event) {
        seen.push(event);
        tailing();
        if (event.message.includes('hello called with tailed')) stop.abort();
      },
    });
    await started; // the earlier invokes' events are printed first
    // This run joins the cloud the tailing action holds, as a second terminal would.
    const run = await toolkit(['local', 'invoke', 'Hello', '--stack-name', 'app', '--event=-'], '{"name":"tailed"}');
    expect(run.exitCode, run.stderr).toBe(0);
    const result = await followed;
    expect(result.events).toEqual(seen);
    expect(seen.some((event) => event.message.endsWith('\tINFO\thello called with tailed'))).toBe(true);
    expect(seen.at(-1)!.message).toMatch(/^REPORT RequestId: /);
  });

  it("toolkit logs prints a stack's function logs", async () => {
    const run = await toolkit(['logs', '--stack-name', 'app', 'Hello', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { events: { function: string; message: string }[] };
    const messages = doc.events.map((event) => event.message);
    expect(doc.events.every((event) => event.function === 'Hello')).toBe(true);
    expect(messages.filter((m) => m.startsWith('START RequestId: '))).toHaveLength(2);
    expect(messages.some((m) => m.endsWith('\tINFO\thello called with file'))).toBe(true);
    const all = await toolkit(['logs', '--stack-name', 'app']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^Child\/Greeter \S+ greeter ran$/m);
    expect(all.stdout).toMatch(/^Hello \S+ START RequestId: /m);
  });
});
