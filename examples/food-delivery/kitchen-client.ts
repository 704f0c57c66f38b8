/**
 * Reading the kitchen's answer, shared by both versions of the view: `201 {"mins": n}` is an ETA;
 * anything else (another status, a body without a sane `mins`, no answer at all) is a problem described
 * in words for the 502 the customer gets.
 */
import { HttpRequestError, HttpTimeoutError, type HttpResponse } from 'greenhack/http';

export type KitchenOutcome = { mins: number } | { problem: string };

/** Longest a kitchen error message is quoted. */
const QUOTE_LIMIT = 200;

function quoteBody(reply: HttpResponse): string {
  let text = reply.text();
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string') text = error;
  } catch {
    // Not JSON: quote the text as it is.
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text === '' ? 'no message' : text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

/** What a response from the kitchen means. */
export function readKitchenReply(reply: HttpResponse): KitchenOutcome {
  if (reply.status !== 201) return { problem: `the kitchen answered ${reply.status}: ${quoteBody(reply)}` };
  let mins: unknown;
  try {
    mins = reply.json<{ mins?: unknown }>().mins;
  } catch {
    mins = undefined;
  }
  if (typeof mins !== 'number' || !Number.isInteger(mins) || mins < 0 || mins > 1440) {
    return { problem: `the kitchen answered 201 without {"mins": <whole minutes>}: ${quoteBody(reply)}` };
  }
  return { mins };
}

/** What an error from the HTTP client means, if it is the kitchen's fault; other errors are rethrown. */
export function kitchenUnreachable(error: unknown, kitchenUrl: string): KitchenOutcome {
  if (error instanceof HttpTimeoutError) return { problem: `the kitchen at ${kitchenUrl} did not answer within ${error.ms} ms` };
  if (error instanceof HttpRequestError) return { problem: `the kitchen at ${kitchenUrl} could not be reached (${error.code ?? error.message})` };
  throw error;
}
