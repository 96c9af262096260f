import type { ServiceResponse } from '../plugin.ts';
import type { ProtocolCodec } from './codec.ts';
import { toXml, xmlDocument, type XmlValue } from './xml.ts';

/** S3's XML namespace, on every S3 response document. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * The rest-xml codec (S3): `<Error><Code/><Message/>…fields…<RequestId/></Error>`.
 * HEAD answers carry no body; the server drops it.
 */
export const restXmlCodec: ProtocolCodec = {
  protocol: 'rest-xml',
  error(error, _request, requestId) {
    const fields: { [name: string]: XmlValue } = { Code: error.code, Message: error.message };
    for (const [name, value] of Object.entries(error.fields)) fields[name] = value;
    fields.RequestId = requestId;
    fields.HostId = requestId;
    return {
      status: error.status,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${toXml(fields)}</Error>`,
    };
  },
};

/** A 200 answer whose body is one XML document in S3's namespace. */
export function xmlResponse(
  root: string,
  children: { [name: string]: XmlValue },
  headers: Record<string, string> = {},
  xmlns: string = S3_XMLNS,
): ServiceResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', ...headers },
    body: xmlDocument(root, children, xmlns),
  };
}
