#!/usr/bin/env node
// The sources are TypeScript run directly; tsx's loader compiles them on the fly (cached).
import { register } from 'tsx/esm/api';

// The SDK's notice about its future Node.js floor is noise in a CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
