/** What the calling thread and the bridge worker exchange. Kept tiny: both sides import it. */
import type { MessagePort } from 'node:worker_threads';

/** Slot 0 of the shared Int32Array: the state of the call in flight. */
export const IDLE = 0;
export const DONE = 1;
export const EXITED = 2;

export interface BridgeRequest {
  moduleUrl: string;
  exportName: string;
  args: unknown[];
}

/** An error as it crosses threads: its class by name, and everything needed to rebuild it. */
export interface SentError {
  className: string;
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
}

export type BridgeResponse = { ok: true; value: unknown } | { ok: false; error: SentError; thrown?: unknown };

export interface BridgeWorkerData {
  state: Int32Array;
  port: MessagePort;
  /** greenhack's loader, so the worker can import TypeScript modules and green code like the caller. */
  registerUrl: string;
}
