import type { SendLinesResult } from '../../../shared/session';
import { isMailtapError } from './request-errors';
import { count, fail, record } from './server-message';

/** Checks the result of `session:send-lines`: counts within the request and a catalog error. */
export function checkSendLinesResult(value: unknown): SendLinesResult {
  const result = record(value, 'result');
  const sentCount = count(result.sentCount, 'sentCount');
  if (!Array.isArray(result.maskedIndexes)) {
    fail('maskedIndexes is not an array');
  }
  result.maskedIndexes.forEach((index, position) => {
    if (count(index, `maskedIndexes[${position}]`) >= sentCount) {
      fail(`maskedIndexes[${position}] is not the index of a sent line`);
    }
  });
  if (result.error !== null && !isMailtapError(result.error)) {
    fail('error is neither null nor a catalog error');
  }
  return value as SendLinesResult;
}
