interface Greeting {
  message: string;
}

const shout = (name: string): string => name.toUpperCase();

/** Bundled by esbuild at build time: Lambda runs the JavaScript, never this file. */
export const handler = async (event: { name?: string } | undefined): Promise<Greeting> => ({
  message: `hello, ${shout(event?.name ?? 'typescript')}`,
});
