/// <reference lib="dom" />
import type { AwsClient } from './aws-client.ts';
import { describeError } from './dom.ts';

/** What a page gets: the AWS client, the route's parameters, and a way to redraw itself. */
export interface PageContext {
  client: AwsClient;
  /** `#/functions/NAME?x=y`: `path` is `['functions', 'NAME']`. */
  path: string[];
  params: URLSearchParams;
  /** Draws the page again from the cloud, then shows `message` in its status line. */
  refresh(message: string, tone?: 'ok' | 'error'): Promise<void>;
}

/** A page renderer. */
export type Page = (ctx: PageContext) => Promise<HTMLElement>;

/**
 * A click or submit handler running `work`, which returns the message to show after the page
 * is redrawn; a failure shows the service's own words in the status line instead.
 */
export function action(
  ctx: PageContext,
  show: (text: string, tone: 'ok' | 'error' | 'busy') => void,
  work: () => Promise<string>,
) {
  return async (event: Event): Promise<void> => {
    event.preventDefault();
    show('Working…', 'busy');
    let message: string;
    try {
      message = await work();
    } catch (error) {
      show(describeError(error), 'error');
      return;
    }
    await ctx.refresh(message);
  };
}
