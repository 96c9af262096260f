/**
 * samtranslator's `InvalidDocumentException` raised outside a resource's own checks (an OpenAPI body it
 * cannot edit): it ends the whole transform, and is then the only error reported.
 */
export class SamTemplateError extends Error {
  constructor(reason: string) {
    super(`Structure of the SAM template is invalid. ${reason}`);
    this.name = 'SamTemplateError';
  }
}
