import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, readZip, useFixtureProjects, writeNpmProject, zipEntryNames } from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

interface BuiltJson {
  artifacts: Array<{ id: string; zip: string; sha256: string; buildMethod: string; dependencies: object | null }>;
}

function template(properties: string[]): string {
  return lines(
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: fn/',
    '      Handler: app.handler',
    '      Runtime: nodejs20.x',
    '    Metadata:',
    '      BuildMethod: esbuild',
    ...(properties.length > 0 ? ['      BuildProperties:', ...properties.map((p) => `        ${p}`)] : []),
  );
}

const source = lines(
  "import { greet } from 'greeting';",
  'export const handler = async (): Promise<string> => greet(`typed ${1 + 1}`);',
);

describe('toolkit build: BuildMethod esbuild', () => {
  const project = useFixtureProjects();

  it('zips the bundle (dependencies inlined, BuildProperties honoured), not the TypeScript source', async () => {
    const dir = await project({
      'template.yaml': template([
        'EntryPoints: [app.ts]',
        'Format: esm',
        'OutExtension: [.js=.mjs]',
        'Banner: js=// built by toolkit',
        'Minify: false',
        'Target: es2022',
      ]),
      'fn/app.ts': source,
    });
    writeNpmProject(join(dir, 'fn'), 'fn', [
      { name: 'greeting', version: '1.0.0', files: { 'index.js': "exports.greet = (n) => 'hello ' + n;\n" } },
    ]);
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [fn] = (JSON.parse(run.stdout) as BuiltJson).artifacts;
    expect(fn).toMatchObject({ buildMethod: 'esbuild', dependencies: { tool: 'npm' } });
    expect(await zipEntryNames(fn!.zip)).toEqual(['app.mjs']);
    const bundle = (await readZip(fn!.zip))[0]!.content.toString();
    expect(bundle.startsWith('// built by toolkit\n')).toBe(true);
    expect(bundle).toContain('"hello " + n');
    // Named as the function would see it, never by the dependency cache's path on this machine.
    expect(bundle).toContain('// node_modules/greeting/index.js');
    expect(bundle).not.toContain('.toolkit');
    expect(bundle).toMatch(/export\s*\{/);
    expect(bundle).not.toContain('Promise<string>');

    const again = JSON.parse((await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv })).stdout) as BuiltJson;
    expect(again.artifacts[0]!.sha256).toBe(fn!.sha256);
  });

  it('refuses BuildProperties without EntryPoints with exit 2 at the Metadata', async () => {
    const dir = await project({ 'template.yaml': template(['Minify: true']), 'fn/app.ts': source });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('template.yaml:9:7: Fn: Metadata.BuildProperties must list EntryPoints');
  });

  it('fails with exit 1 quoting esbuild’s error at the source line', async () => {
    const dir = await project({
      'template.yaml': template(['EntryPoints: [app.ts]']),
      'fn/app.ts': 'export const handler = async () => {\n  return (;\n};\n',
    });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`Function Fn: esbuild could not bundle app.ts:\n  ${join(dir, 'fn/app.ts')}:2:11:`);
  });
});
