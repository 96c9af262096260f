import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolkit } from './support/run-toolkit.ts';
import { fixtureTree } from '@toolkit/test-support';

// Mistakes in commands, flags and config files say what was meant, exit 2, and with --json
// answer in one JSON document on stdout.
describe('usage errors', () => {
  let project: Awaited<ReturnType<typeof fixtureTree>>;
  beforeAll(async () => {
    project = await fixtureTree({
      'app/template.yaml': [
        'Resources:',
        '  Fn:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code: .',
        '      Runtime: nodejs22.x',
        '      Handler: index.handler',
        '',
      ].join('\n'),
      'samconfig.toml': [
        'version = 0.1',
        '',
        '[default.deploy.parameters]',
        'capabilities = "CAPABILITY_IAM"',
        '  stack_nmae = "app"',
        '',
        '[dev.build.parameters]',
        'skip_pull_image = true',
        '',
      ].join('\n'),
    });
  });
  afterAll(async () => project?.cleanup());
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: project.dir });

  it('suggests the command meant by a typo, at every level', async () => {
    const top = await toolkit('pakage');
    expect(top).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'error: Unknown command "pakage" (did you mean package?); toolkit has: build, package, deploy, delete, verify, logs, local\n',
    });
    const nested = await toolkit('local', 'strat');
    expect(nested.exitCode).toBe(2);
    expect(nested.stderr).toBe(
      'error: Unknown command "strat" (did you mean start?); toolkit local has: start, invoke, generate-event, profile, trust, metrics, identity, credentials\n',
    );
  });

  it('suggests the option meant by a typo, including options of other commands', async () => {
    const own = await toolkit('deploy', '--sigining-profiles', 'Fn=P');
    expect(own).toMatchObject({ exitCode: 2, stdout: '' });
    expect(own.stderr).toBe(
      'error: Unknown option --sigining-profiles for toolkit deploy (did you mean --signing-profiles?); see toolkit deploy --help\n',
    );
    const other = await toolkit('package', '--stack-nmae', 'app');
    expect(other.stderr).toBe(
      'error: Unknown option --stack-nmae for toolkit package (did you mean --stack-name? it is an option of toolkit deploy, toolkit delete, toolkit logs, toolkit local invoke); see toolkit package --help\n',
    );
  });

  it('lists the subcommands of a bare command group, and describes the groups in help', async () => {
    const local = await toolkit('local');
    expect(local.exitCode).toBe(2);
    expect(local.stderr).toMatch(
      /^error: toolkit local needs a command: start, invoke, generate-event, profile, trust, metrics, identity, credentials\n\ntoolkit local <command>\n/,
    );
    expect(local.stderr).toMatch(/toolkit local profile <command> +Signer signing profiles/);
    const profile = await toolkit('local', 'profile', '--help');
    expect(profile.stdout).toMatch(/^toolkit local profile <command>\n\nSigner signing profiles: create one/);
    const trust = await toolkit('local', 'trust', '--help');
    expect(trust.stdout).toMatch(/^toolkit local trust <command>\n\nExport the local cloud's signing trust/);
  });

  it('names a missing argument', async () => {
    expect(await toolkit('local', 'profile', 'create')).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: toolkit local profile create needs <name> (Profile name ([a-zA-Z0-9_]{2,64}))\n',
    });
  });

  it('refuses a misspelled config key at its line and column', async () => {
    const run = await toolkit('deploy');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `error: ${project.dir}/samconfig.toml:5:3: unknown key stack_nmae in [default.deploy.parameters] (did you mean stack_name?)\n`,
    );
  });

  it('refuses a --config-env the file does not have, naming the file', async () => {
    const run = await toolkit('build', '--config-env', 'dve');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `error: ${project.dir}/samconfig.toml: no [dve] environment for --config-env (did you mean dev?); the file has: default, dev\n`,
    );
  });

  it("warns about another tool's config keys instead of failing on them", async () => {
    const run = await toolkit('build', '--config-env', 'dev');
    expect(run.stderr).toContain(
      `warning: ${project.dir}/samconfig.toml:8:1: ignoring skip_pull_image in [dev.build.parameters]: not a toolkit option\n`,
    );
  });

  it('--json prints a JSON error document on stdout, and nothing else there, for usage and operation failures', async () => {
    for (const args of [
      ['--json', 'pakage'],
      ['package', '--json', '--nope'],
      ['build', '--json', '--config-env', 'dve'],
      ['build', '--json'],
    ]) {
      const run = await toolkit(...args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      const document = JSON.parse(run.stdout) as { error: { code: string; message: string; exitCode: number } };
      expect(Object.keys(document)).toEqual(['error']);
      expect(document.error).toEqual({
        code: expect.stringMatching(/^\w+$/),
        message: expect.any(String),
        exitCode: 2,
      });
      expect(run.stderr).toBe(`error: ${document.error.message}\n`);
    }
  });

  it("refuses an invalid profile name in package's words, and a profile that exists", async () => {
    const tail = 'an invalid signing profile name "a-b": 2 to 64 letters, digits or underscores.';
    const created = await toolkit('local', 'profile', 'create', 'a-b');
    expect(created).toEqual({ exitCode: 2, stdout: '', stderr: `error: profile name: ${tail}\n` });
    const packaged = await toolkit('package', '--template-file', 'app/template.yaml', '--signing-profiles', 'Fn=a-b');
    expect(packaged).toMatchObject({
      exitCode: 2,
      stderr: `error: --signing-profiles: the entry "Fn=a-b" has ${tail}\n`,
    });

    const first = await toolkit('local', 'profile', 'create', 'Twice', '--json');
    expect(first.exitCode).toBe(0);
    const { profileVersionArn } = JSON.parse(first.stdout) as { profileVersionArn: string };
    const second = await toolkit('local', 'profile', 'create', 'Twice');
    expect(second).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `error: signing profile Twice already exists (${profileVersionArn}); pick another name, or use it as it is\n`,
    });
  });
});
