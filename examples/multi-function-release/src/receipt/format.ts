/** One line of a receipt: what was bought and what it cost, in cents. */
export interface ReceiptLine {
  sku: string;
  quantity: number;
  priceCents: number;
}

/** `12.50 EUR`: cents written as euros, never through floating point. */
export function euros(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')} EUR`;
}

/** The receipt's text lines and its total. */
export function receiptLines(lines: readonly ReceiptLine[]): { text: string[]; totalCents: number } {
  let totalCents = 0;
  const text = lines.map((line) => {
    const cents = line.quantity * line.priceCents;
    totalCents += cents;
    return `${line.quantity} x ${line.sku}: ${euros(cents)}`;
  });
  return { text: [...text, `total: ${euros(totalCents)}`], totalCents };
}
