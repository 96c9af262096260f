import { describe, expect, it } from 'vitest';
import schemas from '../src/plugins/cloudformation/providers/emulated-type-schemas.json' with { type: 'json' };
import { extractTypeSchemas } from '../src/plugins/cloudformation/providers/emulated-type-schemas.ts';
import { defaultProviders } from '../src/plugins/cloudformation/providers/registry.ts';
import { loadResourceSpec } from '../src/plugins/cloudformation/providers/resource-spec.ts';

describe('the schemas kept for the types with real providers', () => {
  it('are those the resource specification gives (else: node --import tsx scripts/write-emulated-schemas.ts)', async () => {
    const current = extractTypeSchemas(await loadResourceSpec(), defaultProviders().keys());
    expect(Object.keys(current.resources)).toContain('AWS::Lambda::Function');
    expect(schemas).toEqual(current);
  });
});
