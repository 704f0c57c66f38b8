/** The bridge worker's side of sync-mode greenhack/http: one stateless request, its response as plain data. */
import { perform, type PreparedRequest, type ResponseData } from './index.ts';

/** Sends `request` from the bridge worker and reads its whole response. */
export function httpWorkerRequest(request: PreparedRequest): Promise<ResponseData> {
  return perform(request, undefined, undefined);
}
