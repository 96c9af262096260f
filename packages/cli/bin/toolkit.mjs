#!/usr/bin/env node
import { ensureBundle } from './ensure-bundle.mjs';

// The SDK's notice about its future Node.js floor is noise in a CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import(await ensureBundle());
process.exitCode = await main(process.argv.slice(2));
