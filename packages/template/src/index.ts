export * from './intrinsic-tags.ts';
export * from './parse-template.ts';
export * from './parse-template-text.ts';
export * from './plain-template.ts';
export * from './template-node.ts';
export * from './template-tree.ts';
export { NON_UTF8_NAME, type TemplateFiles } from './template-file.ts';
export * from './artifact-types.ts';
export * from './find-artifacts.ts';
export {
  fileLocationForm,
  fileUploadZipsFiles,
  SERVERLESS_REPO_METADATA,
  type FileArtifactProperty,
  type FileLocationForm,
} from './file-artifacts.ts';
export { retainedResources, uploadedFiles, type UploadedFile } from './uploaded-files.ts';
export * from './build-metadata.ts';
export * from './globals.ts';
export * from './s3-location.ts';
export * from './rewrite-artifact.ts';
export * from './serialize.ts';
export * from './validate-template.ts';
export * from './diagnostic-position.ts';
export * from './nested-template-ref.ts';
export { findIncludes, INCLUDE_TRANSFORM } from './include-artifacts.ts';
export * from './source-scalar-types.ts';
export { FOR_EACH_PREFIX, LANGUAGE_EXTENSIONS } from './for-each-loops.ts';
