/// <reference lib="dom" />
/** What `h` accepts as a child: text is always a text node, so names from the cloud are never parsed as HTML. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Attributes (set as attributes, never as HTML) and event listeners (`onclick`, `onsubmit`, …). */
export type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element; the console's only way to put anything on the page. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** A time in the viewer's zone, machine-readable in `datetime`; AWS sends ISO strings or epoch seconds. */
export function time(value: string | number | undefined): HTMLElement | string {
  if (value === undefined || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const text = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
  return h('time', { datetime: date.toISOString() }, text);
}

/** A table with a caption and column headers; rows are lists of cells. */
export function table(caption: string, headers: string[], rows: Child[][]): HTMLElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length === 0
        ? h('tr', {}, h('td', { colspan: headers.length }, 'None.'))
        : rows.map((cells) =>
            h(
              'tr',
              {},
              cells.map((cell) => h('td', {}, cell)),
            ),
          ),
    ),
  );
}

/** A labelled form field: the label names the control for screen readers and clicks. */
export function field(label: string, control: HTMLElement & { id: string }, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', {}, hint) : null,
  );
}

/** A status line announced to screen readers; `show` replaces its text and tone. */
export function statusLine(id: string): {
  element: HTMLElement;
  show(text: string, tone?: 'ok' | 'error' | 'busy'): void;
} {
  const element = h('p', { id, role: 'status', 'aria-live': 'polite', class: 'status' });
  return {
    element,
    show(text, tone = 'ok') {
      element.textContent = text;
      element.className = `status ${tone}`;
    },
  };
}

/** The words of a failed call: `Code: message` as the service said it. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    return `${String((error as { code: unknown }).code)}: ${String((error as { message: unknown }).message)}`;
  }
  return error instanceof Error ? error.message : String(error);
}
