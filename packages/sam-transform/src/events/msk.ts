import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventSource } from '../function-event-source.ts';
import { schemaRegistryStatements } from './kafka-schema-registry.ts';
import { pullEventSource } from './pull-event-source.ts';
import { secretStatement } from './source-access.ts';

/** `MSK`: a mapping from the cluster, the MSK execution policy, and secrets for TLS auth or a schema registry. */
export const mskEventSource: FunctionEventSource = (context) =>
  pullEventSource(
    {
      type: 'MSK',
      arnProperty: 'Stream',
      managedPolicy: 'service-role/AWSLambdaMSKExecutionRole',
      policies: () => {
        const statements = schemaRegistryStatements(context);
        const configs = context.properties['SourceAccessConfigurations'];
        for (const config of Array.isArray(configs) ? configs : []) {
          if (isPlainObject(config) && config['Type'] === 'CLIENT_CERTIFICATE_TLS_AUTH' && config['URI'])
            statements.push(secretStatement(config['URI']));
        }
        if (statements.length === 0) return undefined;
        return [{ PolicyName: 'MSKExecutionRolePolicy', PolicyDocument: { Statement: statements } }];
      },
    },
    context,
  );
