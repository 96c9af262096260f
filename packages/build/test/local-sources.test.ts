import { describe, expect, it } from 'vitest';
import { nodeFileSpecs, pythonLocalSpecs } from '../src/workflows/local-sources.ts';

describe('local paths an install reads', () => {
  it('finds the file: packages of a package.json', () => {
    const manifest = JSON.stringify({
      dependencies: { a: 'file:vendor/a.tgz', b: '^1.0.0' },
      optionalDependencies: { c: 'file:../c' },
      devDependencies: { d: 'file:dev-only' },
    });
    expect(nodeFileSpecs(manifest)).toEqual(['file:vendor/a.tgz', 'file:../c']);
    expect(nodeFileSpecs('{ not json')).toEqual([]);
  });

  it('finds the wheels, folders and files a requirements.txt names, not indexes or URLs', () => {
    const requirements = [
      '--no-index',
      '--find-links wheels  # local wheels',
      '-f=more-wheels',
      '--index-url https://pypi.example/simple',
      '-r base.txt',
      'requests==2.31.0',
      './dist/pkg-1.0-py3-none-any.whl',
      'local @ file:///opt/wheels/local-1.0.tar.gz',
      '-e ./editable',
      'remote @ https://example.com/remote-1.0.zip',
    ].join('\n');
    expect(pythonLocalSpecs(requirements)).toEqual([
      'wheels',
      'more-wheels',
      'base.txt',
      './dist/pkg-1.0-py3-none-any.whl',
      'file:///opt/wheels/local-1.0.tar.gz',
      './editable',
    ]);
  });
});
