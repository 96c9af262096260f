/** The part of esbuild's API a bundle build uses (esbuild itself is loaded only when a template asks for it). */
export interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: Array<{ path: string; contents: Uint8Array }> }>;
}

/** The shape of esbuild's build failure: its messages with locations. */
export interface EsbuildFailure {
  errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
}
