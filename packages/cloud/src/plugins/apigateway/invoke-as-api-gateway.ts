import type { CloudContext } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import type { LambdaPlugin } from '../lambda/lambda-plugin.ts';
import type { RunResult } from '../lambda/runtime/function-runner.ts';
import type { ApiStage } from './api-model.ts';

/** API Gateway's service principal, as Lambda permissions name it. */
export const API_GATEWAY_PRINCIPAL = 'apigateway.amazonaws.com';

/** One invoke API Gateway makes: of an integration's or an authorizer's function, for a source ARN. */
export interface ApiGatewayInvoke {
  target: string;
  /** `…/{api}/{stage}/{METHOD}/{path}` for an integration, `…/{api}/authorizers/{id}` for an authorizer. */
  sourceArn: string;
  /** The role the integration or authorizer names: API Gateway then calls as that role, not by the function's policy. */
  credentials?: string;
  payload: Buffer;
}

/**
 * What came of it, with why API Gateway could not run it (for the execution log): the resource
 * policy refused it, or Lambda could not run it (a function that is gone, a bad name).
 */
export type ApiGatewayInvokeOutcome =
  { kind: 'ran'; result: RunResult } | { kind: 'refused'; why: string } | { kind: 'unavailable'; why: string };

/**
 * Invokes a function as API Gateway does: through the Lambda plugin's invoke path, after the
 * check Lambda makes on its resource policy (`apigateway.amazonaws.com` for this source ARN),
 * unless the integration names a role to call as.
 */
export async function invokeAsApiGateway(ctx: CloudContext, call: ApiGatewayInvoke): Promise<ApiGatewayInvokeOutcome> {
  const lambda = ctx.plugin<LambdaPlugin>('lambda');
  try {
    if (
      call.credentials === undefined &&
      !lambda.allowsServiceInvoke(call.target, {
        principal: API_GATEWAY_PRINCIPAL,
        sourceArn: call.sourceArn,
        sourceAccount: ctx.accountId,
      })
    )
      return {
        kind: 'refused',
        why: `Invalid permissions on Lambda function: its resource policy does not allow ${API_GATEWAY_PRINCIPAL} to invoke ${call.target} from ${call.sourceArn}`,
      };
    return { kind: 'ran', result: await lambda.invoke(call.target, call.payload) };
  } catch (error) {
    if (error instanceof ServiceError)
      return { kind: 'unavailable', why: `Lambda answered ${error.code}: ${error.message}` };
    throw error;
  }
}

/** A function named through the stage's variables (`…:function:${stageVariables.fn}`), with them replaced. */
export function withStageVariables(target: string, stage: ApiStage): string {
  return target.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) =>
    Object.hasOwn(stage.variables, name) ? (stage.variables[name] ?? '') : '',
  );
}
