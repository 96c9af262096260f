import { S3_XML_BODY_LIMIT } from '../../protocols/body-limits.ts';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { xmlResponse } from '../../protocols/rest-xml.ts';
import { parseXml, type XmlValue } from '../../protocols/xml.ts';
import { ServiceError } from '../../service-error.ts';
import type { S3Env } from './s3-env.ts';
import { s3Errors } from './s3-errors.ts';
import { deleteOne, notifyDeletion } from './s3-object-handlers.ts';

/** DeleteObjects (POST ?delete): up to 1000 keys, each deleted like DeleteObject; Quiet mode lists only errors. */
export async function deleteObjects(request: ServiceRequest, env: S3Env, bucket: string): Promise<ServiceResponse> {
  env.store.bucket(bucket);
  const parsed = parseXml(await request.readBody(S3_XML_BODY_LIMIT), ['Object']);
  const root = parsed.Delete as { Object?: Record<string, unknown>[]; Quiet?: unknown } | undefined;
  const objects = root?.Object ?? [];
  if (objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  const quiet = root?.Quiet === 'true';
  const deleted: XmlValue[] = [];
  const errors: XmlValue[] = [];
  for (const object of objects) {
    const key = typeof object.Key === 'string' ? object.Key : '';
    const versionId = typeof object.VersionId === 'string' ? object.VersionId : undefined;
    try {
      const result = deleteOne(env, bucket, key, versionId);
      notifyDeletion(env, request, bucket, key, versionId, result);
      if (!quiet) {
        deleted.push({
          Key: key,
          VersionId: versionId,
          DeleteMarker: result.deleteMarker ? true : undefined,
          DeleteMarkerVersionId: !versionId && result.deleteMarker ? result.versionId : undefined,
        });
      }
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      errors.push({ Key: key, VersionId: versionId, Code: error.code, Message: error.message });
    }
  }
  return xmlResponse('DeleteResult', { Deleted: deleted, Error: errors });
}
