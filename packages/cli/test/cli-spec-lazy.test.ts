import { createRequire } from 'node:module';
import { useFixtureProjects } from '@toolkit/test-support';
import { describe, expect, it } from 'vitest';
import { greeterApp } from './support/greeter-app.ts';
import { runToolkit } from './support/run-toolkit.ts';

// The CloudFormation resource specification takes about a second and 100 MB to read: only a
// deploy whose template names a type the local cloud does not run may load it.
const specModule = /aws-service-spec[\\/]lib[\\/]index\.js$/;
const specLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => specModule.test(path));

describe('the resource specification is loaded lazily', () => {
  const project = useFixtureProjects();

  it('toolkit --version and a warm package never load it', async () => {
    const version = await runToolkit(['--version'], { cwd: process.cwd() });
    expect(version.exitCode).toBe(0);
    expect(specLoaded()).toBe(false);

    const cwd = await project(greeterApp);
    for (let run = 0; run < 2; run++) {
      const packaged = await runToolkit(['package', '--template-file', 'template.yaml', '--json'], { cwd });
      expect(packaged.exitCode, packaged.stderr).toBe(0);
    }
    expect(specLoaded()).toBe(false);
  });
});
