/**
 * Vitest global setup for the integration project: one mail rig for all test files, handed to
 * them with `inject('mailRig')`. When the servers are not installed outside CI, `mailRig` is null
 * and `mailRigSkipReason` contains the reason, so tests can skip with that message.
 */
import type { TestProject } from 'vitest/node';
import { startMailRig, type MailRigInfo } from './index';
import { findMissingPrerequisites } from './require-tools';

declare module 'vitest' {
  export interface ProvidedContext {
    mailRig: MailRigInfo | null;
    mailRigSkipReason: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Throws under CI=true, which fails the run instead of skipping every real-server test.
  const skipReason = await findMissingPrerequisites();
  if (skipReason !== null) {
    process.stderr.write(`Skipping real-server tests. ${skipReason}\n`);
    project.provide('mailRig', null);
    project.provide('mailRigSkipReason', skipReason);
    return async () => {};
  }

  const rig = await startMailRig();
  project.provide('mailRig', rig.info);
  project.provide('mailRigSkipReason', null);
  return () => rig.stop();
}
