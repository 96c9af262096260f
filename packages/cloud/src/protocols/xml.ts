import { XMLParser } from 'fast-xml-parser';
import { ServiceError } from '../service-error.ts';

/** A value the XML builder can render: scalars as text, arrays as repeated elements, objects as children. */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | { [name: string]: XmlValue };

/** Escapes text for use in XML content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Renders `{ Name: value }` children; arrays repeat the element (S3 `Contents`, query `member`). */
export function toXml(children: { [name: string]: XmlValue }): string {
  let out = '';
  for (const [name, value] of Object.entries(children)) out += element(name, value);
  return out;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') return `<${name}>${toXml(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A complete XML document with one root element, optionally namespaced. */
export function xmlDocument(root: string, children: { [name: string]: XmlValue } | string, xmlns?: string): string {
  const body = typeof children === 'string' ? children : toXml(children);
  const ns = xmlns ? ` xmlns="${escapeXml(xmlns)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${body}</${root}>`;
}

/**
 * Parses a small XML request body into plain objects. Text stays text (no number
 * coercion); elements named in `arrayTags` are always arrays.
 */
export function parseXml(body: Buffer | string, arrayTags: readonly string[] = []): Record<string, unknown> {
  const text = body.toString();
  if (text.trim() === '') return {};
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrayTags.includes(name),
  });
  try {
    const parsed: unknown = parser.parse(text, true);
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through to the service's own wording below
  }
  throw new ServiceError(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}
