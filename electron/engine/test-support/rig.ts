import { inject } from 'vitest';

import type { MailRigInfo } from '../../../e2e/rig/index';
// Declares the values the global setup provides, so inject() has their types.
import type {} from '../../../e2e/rig/vitest-global-setup';

/** Returns the rig started by the integration project's global setup, or null and the reason. */
export function rigOrSkipReason(): { rig: MailRigInfo | null; skipReason: string } {
  const rig = inject('mailRig');
  return { rig, skipReason: inject('mailRigSkipReason') ?? '' };
}

/** Encodes the SASL PLAIN message (RFC 4616) for a user and password, as UTF-8 base64. */
export function plainAuthBlob(login: string, password: string): string {
  return Buffer.from(`\0${login}\0${password}`, 'utf8').toString('base64');
}
