import type { ProtocolCodec } from './codec.ts';
import { queryCodec } from './query.ts';
import { restJsonCodec } from './rest-json.ts';
import { restXmlCodec } from './rest-xml.ts';

/** XML namespaces of the query-protocol services, as their responses carry them. */
export const QUERY_XMLNS = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
} as const;

/** The codec AWS uses for a service, for plugins that do not name their own. */
export function defaultCodecFor(service: string): ProtocolCodec {
  switch (service) {
    case 's3':
      return restXmlCodec;
    case 'sts':
      return queryCodec(QUERY_XMLNS.sts);
    case 'cloudformation':
      return queryCodec(QUERY_XMLNS.cloudformation);
    case 'lambda':
      return restJsonCodec({ errorBody: 'lambda' });
    default:
      return restJsonCodec({ errorBody: 'message' });
  }
}
