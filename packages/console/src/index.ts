export { readConsoleAssets, type ConsoleFiles } from './read-console-assets.ts';
