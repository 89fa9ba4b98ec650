import type { MailRigInfo } from '../rig/index';

export const E2E_ENV_KEY = 'MAILTAP_E2E_ENVIRONMENT';

/** What the global setup started, as plain data for the workers. */
export interface E2eEnvironment {
  readonly skipReason: string | null;
  readonly rig: MailRigInfo | null;
  readonly serve: {
    readonly url: string;
    readonly port: number;
    readonly token: string;
    /** The browser-mode server's debug log, kept in the run's data folder. */
    readonly logFile: string;
  } | null;
}

export function readEnvironment(): E2eEnvironment {
  const text = process.env[E2E_ENV_KEY];
  if (text === undefined) {
    throw new Error(`${E2E_ENV_KEY} is not set; run the specs through playwright.config.ts.`);
  }
  return JSON.parse(text) as E2eEnvironment;
}
