import { invokeFunction, type TargetOptions } from '@toolkit/toolkit';

/** One built function invoked after the deploy: the answer it must give proves its dependency ran. */
interface BuiltFunctionCheck {
  functionId: string;
  /** How the build made its zip, as `sam build` would. */
  build: 'npm' | 'esbuild' | 'pip';
  event: unknown;
  expected: unknown;
}

/** What the release report records of each check. */
export interface BuiltFunctionReport {
  functionId: string;
  build: string;
  ok: boolean;
  /** The parsed body of the function's answer (or its error payload). */
  answer: unknown;
  problem: string | null;
}

const proxy = (queryStringParameters: Record<string, string>) => ({ queryStringParameters });

/**
 * Each answer carries what only the installed dependency or the bundled module could
 * have computed: the rules package's name and version, or the receipt lines format.ts writes.
 */
export const builtFunctionChecks: readonly BuiltFunctionCheck[] = [
  {
    functionId: 'LoyaltyPointsFunction',
    build: 'npm',
    event: proxy({ totalCents: '12345' }),
    expected: { totalCents: 12345, points: 246, rules: 'shop-loyalty@1.2.0' },
  },
  {
    functionId: 'ReceiptFunction',
    build: 'esbuild',
    event: { body: JSON.stringify({ orderId: 'o-7', lines: [{ sku: 'TEA-001', quantity: 2, priceCents: 1250 }] }) },
    expected: { orderId: 'o-7', totalCents: 2500, receipt: ['2 x TEA-001: 25.00 EUR', 'total: 25.00 EUR'] },
  },
  {
    functionId: 'VatQuoteFunction',
    build: 'pip',
    event: proxy({ netCents: '1000', country: 'DE' }),
    expected: { netCents: 1000, country: 'DE', vatCents: 190, rules: 'shop-tax@2.1.0' },
  },
];

/** Invokes each built function of the deployed stack and compares its answer with the expected one. */
export async function checkBuiltFunctions(target: TargetOptions, stackName: string): Promise<BuiltFunctionReport[]> {
  const reports: BuiltFunctionReport[] = [];
  for (const check of builtFunctionChecks) {
    const invoked = await invokeFunction({
      ...target,
      stackName,
      functionId: check.functionId,
      event: JSON.stringify(check.event),
    });
    const answer = invoked.functionError ? invoked.payload : bodyOf(invoked.payload);
    const problem = invoked.functionError
      ? `failed (${invoked.functionError})`
      : JSON.stringify(answer) === JSON.stringify(check.expected)
        ? null
        : `answered ${JSON.stringify(answer)}, expected ${JSON.stringify(check.expected)}`;
    reports.push({ functionId: check.functionId, build: check.build, ok: problem === null, answer, problem });
  }
  return reports;
}

/** The JSON body of an API Gateway proxy answer. */
function bodyOf(payload: unknown): unknown {
  const body = (payload as { body?: unknown } | null)?.body;
  if (typeof body !== 'string') return payload;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
