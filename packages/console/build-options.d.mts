/** The browser app's sources. */
export declare const consoleAppDir: string;
/** Files served as they are, beside the bundle `app.js`. */
export declare const consoleStaticFiles: readonly string[];
/** Builds the console into `outDir` (app.js, index.html, console.css) with the given esbuild `build`. */
export declare function buildConsoleInto(build: (options: object) => Promise<unknown>, outDir: string): Promise<void>;
