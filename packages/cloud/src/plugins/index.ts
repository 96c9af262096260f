import type { PluginFactory } from '../plugin.ts';
import { createS3Plugin } from './s3/s3-plugin.ts';
import { createStsPlugin } from './sts/sts-plugin.ts';
import { createLambdaPlugin } from './lambda/index.ts';
import { createSignerPlugin } from './signer/signer-plugin.ts';
import { createCloudFormationPlugin } from './cloudformation/index.ts';
import { createLogsPlugin } from './logs/logs-plugin.ts';
import { createCloudTrailPlugin } from './cloudtrail/cloudtrail-plugin.ts';
import { createExecuteApiPlugin } from './apigateway/execute-api-plugin.ts';

/** Every service the local cloud runs, one factory each (one line per plugin). */
export const pluginFactories: readonly PluginFactory[] = [
  createS3Plugin,
  createStsPlugin,
  createLambdaPlugin,
  createSignerPlugin,
  createCloudFormationPlugin,
  createLogsPlugin,
  createCloudTrailPlugin,
  createExecuteApiPlugin,
];
