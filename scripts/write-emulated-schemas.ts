// Writes the schemas of the resource types the local CloudFormation runs with real providers,
// extracted from @aws-cdk/aws-service-spec; a test fails when the file is out of date.
// `node --no-warnings --import tsx scripts/write-emulated-schemas.ts`
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractTypeSchemas } from '../packages/cloud/src/plugins/cloudformation/providers/emulated-type-schemas.ts';
import { defaultProviders } from '../packages/cloud/src/plugins/cloudformation/providers/registry.ts';
import { loadResourceSpec } from '../packages/cloud/src/plugins/cloudformation/providers/resource-spec.ts';

const target = fileURLToPath(
  new URL('../packages/cloud/src/plugins/cloudformation/providers/emulated-type-schemas.json', import.meta.url),
);
const schemas = extractTypeSchemas(await loadResourceSpec(), defaultProviders().keys());
writeFileSync(target, `${JSON.stringify(schemas)}\n`);
process.stdout.write(`wrote ${target}\n`);
