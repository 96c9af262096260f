import { s3LocationObject } from './sam-code-uri.ts';
import { packageTypeOf } from './sam-function-properties.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet } from './sam-scope.ts';

/** The Lambda `Code` of a function: InlineCode → ZipFile, CodeUri → S3 location, ImageUri for images. */
export function functionCode(logicalId: string, p: Record<string, unknown>): Record<string, unknown> {
  const packageType = packageTypeOf(p);
  if (packageType !== 'Zip' && packageType !== 'Image')
    throw new SamResourceError(logicalId, `invalid 'PackageType' : ${packageType}`);
  let code: Record<string, unknown>;
  if (packageType === 'Image') {
    if (!isSet(p['ImageUri'])) throw new SamResourceError(logicalId, "'ImageUri' must be set.");
    if (!p['ImageUri'])
      throw new SamResourceError(logicalId, "'ImageUri' requires that a image hosted at a registry be specified.");
    code = { ImageUri: p['ImageUri'] };
  } else if (isSet(p['InlineCode'])) {
    code = { ZipFile: p['InlineCode'] };
  } else if (isSet(p['CodeUri'])) {
    code = s3LocationObject(p['CodeUri'], logicalId, 'CodeUri');
  } else {
    throw new SamResourceError(logicalId, "Only one of 'InlineCode' or 'CodeUri' can be set.");
  }
  if (p['SourceKMSKeyArn'] && packageType === 'Zip') code['SourceKMSKeyArn'] = p['SourceKMSKeyArn'];
  return code;
}

/** samtranslator's checks of Runtime/Handler/ImageUri against the package type. */
export function validatePackageType(logicalId: string, fn: Record<string, unknown>): void {
  const code = fn['Code'] as Record<string, unknown>;
  if ((fn['PackageType'] ?? 'Zip') === 'Zip') {
    if (!fn['Runtime'] || !fn['Handler']) {
      throw new SamResourceError(
        logicalId,
        'Runtime and Handler needs to be present when PackageType is of type `Zip`',
      );
    }
    if (code['ImageUri'] || fn['ImageConfig']) {
      throw new SamResourceError(
        logicalId,
        'ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`',
      );
    }
    return;
  }
  if (fn['Handler'] || fn['Runtime'] || fn['Layers']) {
    throw new SamResourceError(
      logicalId,
      'Runtime, Handler, Layers cannot be present when PackageType is of type `Image`',
    );
  }
}
