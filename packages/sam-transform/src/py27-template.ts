import { isPlainObject } from '@toolkit/intrinsics';

/**
 * Whether samtranslator converts the template to Python 2.7-ordered dicts (`to_py27_compatible_template`):
 * only when it has a REST API (explicit, or through an Api event) or an HttpApi with a DefaultAuthorizer.
 * Then the API properties iterate in Python 2.7's hash order, else in the order written.
 */
export function usesPy27Dicts(resources: Readonly<Record<string, unknown>>): boolean {
  for (const resource of Object.values(resources)) {
    if (!isPlainObject(resource)) continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    if (resource['Type'] === 'AWS::Serverless::Api') return true;
    if (resource['Type'] === 'AWS::Serverless::HttpApi' && isPlainObject(p['Auth']) && p['Auth']['DefaultAuthorizer'])
      return true;
    if (resource['Type'] !== 'AWS::Serverless::Function' && resource['Type'] !== 'AWS::Serverless::StateMachine')
      continue;
    const events = isPlainObject(p['Events']) ? Object.values(p['Events']) : [];
    if (events.some((event) => isPlainObject(event) && event['Type'] === 'Api')) return true;
  }
  return false;
}
