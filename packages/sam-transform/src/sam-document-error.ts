/** The id samtranslator sorts an error by: the resource's or event's logical id, else the whole message. */
function sortKey(message: string): string {
  const id = /^(?:Resource|Event|Transforming resource) with id \[(.*?)\]/.exec(message);
  return id?.[1] ?? message;
}

/**
 * Errors as samtranslator reports them: each message once (the first time it is raised), sorted
 * by logical id (messages without one by their text), stable for equal keys.
 */
export function samErrorOrder(errors: readonly string[]): string[] {
  const unique = [...new Set(errors)];
  return unique
    .map((message, index) => ({ message, index, key: sortKey(message) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((entry) => entry.message);
}

/** samtranslator's whole-document message: `Invalid Serverless Application Specification document. Number of errors found: N. …`. */
export function invalidDocumentMessage(errors: readonly string[]): string {
  const ordered = samErrorOrder(errors);
  return [
    `Invalid Serverless Application Specification document. Number of errors found: ${ordered.length}.`,
    ...ordered,
  ].join(' ');
}
