#!/usr/bin/env node
// The sources are TypeScript run directly; tsx's loader compiles them on the fly (cached).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
