/**
 * One request from the UI, checked before anything runs: the method must be one of API_METHODS and
 * the argument must pass its zod schema (strict objects: no extra keys; length limits on strings).
 * Used by the IPC handlers in main and again by the engine worker. No electron imports here.
 */

import { ZodError } from 'zod';
import { API_METHODS, type ApiMethod, type CallscopeApi, parseRequest } from '../../shared/ipc.ts';

/** The request half of CallscopeApi (everything but onUpdate). */
export type RequestApi = Pick<CallscopeApi, ApiMethod>;

const METHODS: ReadonlySet<string> = new Set(API_METHODS);
const MAX_MESSAGE_LENGTH = 300;

/** Whether `value` names a request method. */
export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && METHODS.has(value);
}

/** One line saying what is wrong with an argument (no stack, no echo of the argument itself). */
function describeInvalid(method: string, error: unknown): string {
  let detail: string;
  if (error instanceof ZodError) {
    detail = error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
  } else {
    detail = error instanceof Error ? error.message : String(error);
  }
  const message = `invalid argument to ${method}: ${detail}`;
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

/**
 * Validates `argument` for `method` and calls it on `api`. Rejects with a plain Error (one line) when
 * the method is unknown or the argument is not acceptable; the api is not called then.
 */
export async function handleRequest(api: RequestApi, method: unknown, argument: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new Error(`unknown method: ${String(method).slice(0, 64)}`);
  let parsed: unknown;
  try {
    parsed = parseRequest(method, argument);
  } catch (error) {
    throw new Error(describeInvalid(method, error));
  }
  const call = api[method] as (this: RequestApi, argument?: unknown) => Promise<unknown>;
  return parsed === undefined ? call.call(api) : call.call(api, parsed);
}
