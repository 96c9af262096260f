/**
 * samtranslator's `make_combined_condition`: `Fn::Or` over the conditions, ten at a time (CloudFormation's
 * limit), the extra ones named `<name><n>`.
 */
export function combinedConditions(names: readonly string[], conditionName: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let remaining = [...names];
  let index = Math.ceil((remaining.length - 1) / 9) - 1;
  while (remaining.length > 1) {
    const name = index > 0 ? `${conditionName}${index}` : conditionName;
    if (index > 0) index -= 1;
    result[name] = { 'Fn::Or': remaining.slice(0, 10).map((c) => ({ Condition: c })) };
    remaining = [...remaining.slice(10), name];
  }
  return result;
}
