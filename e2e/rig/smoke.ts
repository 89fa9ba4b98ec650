/**
 * Self-test of the mail rig with independent clients (swaks, curl, openssl s_client).
 * Run as root: `npx tsx e2e/rig/smoke.ts`. Prints PASS/FAIL per check and exits 1 on any failure.
 */
import { randomUUID } from 'node:crypto';
import { startMailRig, type MailRig } from './index';
import { findMissingPrerequisites, MAIL_RIG_TOOLS, type RequiredTool } from './require-tools';
import { maskSecrets } from './run-command';
import {
  curl,
  describeFailure,
  secretsOf,
  serverLines,
  swaks,
  swaksAuthArgs,
  swaksTlsArgs,
} from './smoke-clients';
import { plaintextDialogue, probeTls, swaksSupportsTls, type TlsProbe } from './smoke-probes';

const SMOKE_TOOLS: readonly RequiredTool[] = [
  ...MAIL_RIG_TOOLS,
  { name: 'swaks', debianPackage: 'swaks' },
  { name: 'curl', debianPackage: 'curl' },
];

/** Maximum wait for a submitted message to reach the Maildir. */
const DELIVERY_TIMEOUT_MS = 15_000;

/** Log lines printed after a failure. */
const FAILURE_LOG_LINES = 80;

/** One smoke check. `run` returns null when the check passes, or a description of the failure. */
interface Check {
  readonly name: string;
  readonly run: (rig: MailRig) => Promise<string | null>;
}

/** Sends a message with a unique subject through swaks and waits until it is in the Maildir. */
async function sendAndAwaitDelivery(
  rig: MailRig,
  port: number,
  args: readonly string[],
): Promise<string | null> {
  const token = `smoke-${randomUUID()}`;
  const result = await swaks(rig, port, [
    '--from',
    rig.user.address,
    '--to',
    rig.user.address,
    '--header',
    `Subject: ${token}`,
    ...args,
  ]);
  if (result.exitCode !== 0)
    return describeFailure(
      rig,
      `swaks exited with ${result.exitCode}`,
      result.stdout + result.stderr,
    );

  try {
    await rig.waitForMessage((message) => message.includes(token), DELIVERY_TIMEOUT_MS);
    return null;
  } catch (error) {
    return describeFailure(
      rig,
      error instanceof Error ? error.message : String(error),
      result.stdout,
    );
  }
}

async function imapExamineInbox(
  rig: MailRig,
  loginOptions: readonly string[],
): Promise<string | null> {
  const result = await curl(rig, 'imap', rig.ports.imap, [
    ...loginOptions,
    '--request',
    'EXAMINE INBOX',
  ]);
  const exists = /\* (\d+) EXISTS/.exec(result.stdout);
  if (result.exitCode !== 0 || exists === null || Number(exists[1]) < 1) {
    return describeFailure(
      rig,
      `expected "* N EXISTS" with N >= 1 (curl exit ${result.exitCode})`,
      result.stdout + result.stderr,
    );
  }
  return null;
}

async function pop3Stat(rig: MailRig, loginOptions: readonly string[]): Promise<string | null> {
  // --head marks the custom command as having a one-line reply. Without it curl waits for a
  // multi-line body that STAT never sends.
  const result = await curl(rig, 'pop3', rig.ports.pop3, [
    ...loginOptions,
    '--request',
    'STAT',
    '--head',
  ]);
  if (result.exitCode !== 0 || !/^< \+OK [1-9]\d* \d+/m.test(result.stderr)) {
    return describeFailure(
      rig,
      `expected "+OK N SIZE" with N >= 1 (curl exit ${result.exitCode})`,
      result.stderr,
    );
  }
  return null;
}

async function tlsCheck(
  rig: MailRig,
  probe: Omit<TlsProbe, 'host' | 'caFile' | 'serverName'>,
  greeting: RegExp,
): Promise<string | null> {
  const result = await probeTls({
    ...probe,
    host: rig.host,
    caFile: rig.caFile,
    serverName: rig.leafName,
  });
  if (!result.verified)
    return describeFailure(rig, 'verification against root.pem failed', result.output);
  if (result.certificatesSent !== 2) {
    return describeFailure(
      rig,
      `expected leaf and intermediate, server sent ${result.certificatesSent} certificates`,
      result.output,
    );
  }
  if (probe.starttls === undefined && !greeting.test(result.output)) {
    return describeFailure(
      rig,
      `no greeting matching ${greeting} after the handshake`,
      result.output,
    );
  }
  return null;
}

const CHECKS: readonly Check[] = [
  {
    name: 'submission: EHLO before STARTTLS offers STARTTLS and no AUTH',
    run: async (rig) => {
      const result = await swaks(rig, rig.ports.submission, ['--quit-after', 'EHLO']);
      const lines = serverLines(result.stdout, false);
      if (!lines.some((line) => /^<- {2}250[ -]STARTTLS/.test(line)))
        return describeFailure(rig, 'STARTTLS missing', result.stdout);
      if (lines.some((line) => /^<- {2}250[ -]AUTH/.test(line)))
        return describeFailure(rig, 'AUTH offered before TLS', result.stdout);
      return null;
    },
  },
  {
    name: 'submission: EHLO after STARTTLS offers AUTH PLAIN and LOGIN',
    run: async (rig) => {
      const result = await swaks(rig, rig.ports.submission, [
        '--tls',
        ...swaksTlsArgs(rig),
        '--quit-after',
        'EHLO',
      ]);
      const auth =
        serverLines(result.stdout, true).find((line) => /^<~ {2}250[ -]AUTH /.test(line)) ?? '';
      if (!/\bPLAIN\b/.test(auth) || !/\bLOGIN\b/.test(auth))
        return describeFailure(rig, 'AUTH PLAIN LOGIN missing after TLS', result.stdout);
      return null;
    },
  },
  {
    name: 'submission: AUTH PLAIN with non-ASCII password delivers to the Maildir',
    run: (rig) =>
      sendAndAwaitDelivery(rig, rig.ports.submission, [
        '--tls',
        ...swaksTlsArgs(rig),
        ...swaksAuthArgs(rig, 'PLAIN'),
      ]),
  },
  {
    name: 'submission: AUTH LOGIN delivers to the Maildir',
    run: (rig) =>
      sendAndAwaitDelivery(rig, rig.ports.submission, [
        '--tls',
        ...swaksTlsArgs(rig),
        ...swaksAuthArgs(rig, 'LOGIN'),
      ]),
  },
  {
    name: 'submission: RCPT without AUTH is rejected',
    run: async (rig) => {
      const result = await swaks(rig, rig.ports.submission, [
        '--tls',
        ...swaksTlsArgs(rig),
        '--to',
        rig.user.address,
        '--quit-after',
        'RCPT',
      ]);
      if (!/^<~\*? {1,2}554 5\.7\.1 /m.test(result.stdout))
        return describeFailure(rig, 'expected 554 5.7.1 for RCPT', result.stdout);
      return null;
    },
  },
  {
    name: 'smtp: STARTTLS without AUTH delivers to the Maildir',
    run: async (rig) => {
      const ehlo = await swaks(rig, rig.ports.smtp, [
        '--tls',
        ...swaksTlsArgs(rig),
        '--quit-after',
        'EHLO',
      ]);
      if (/<[-~] {2}250[ -]AUTH/.test(ehlo.stdout))
        return describeFailure(rig, 'smtp service offers AUTH', ehlo.stdout);
      return sendAndAwaitDelivery(rig, rig.ports.smtp, ['--tls', ...swaksTlsArgs(rig)]);
    },
  },
  {
    name: 'smtps: implicit TLS with AUTH PLAIN delivers to the Maildir',
    run: (rig) =>
      sendAndAwaitDelivery(rig, rig.ports.smtps, [
        '--tls-on-connect',
        ...swaksTlsArgs(rig),
        ...swaksAuthArgs(rig, 'PLAIN'),
      ]),
  },
  {
    name: 'imap: before STARTTLS advertises STARTTLS and LOGINDISABLED',
    run: async (rig) => {
      const reply = await plaintextDialogue(
        rig.host,
        rig.ports.imap,
        'a CAPABILITY',
        /^a (OK|NO|BAD)/m,
      );
      const capabilities = /^\* CAPABILITY (.*)$/m.exec(reply)?.[1] ?? '';
      if (!/\bSTARTTLS\b/.test(capabilities) || !/\bLOGINDISABLED\b/.test(capabilities)) {
        return describeFailure(rig, 'STARTTLS or LOGINDISABLED missing', reply);
      }
      if (/\bAUTH=PLAIN\b/.test(capabilities))
        return describeFailure(rig, 'AUTH=PLAIN offered before TLS', reply);
      return null;
    },
  },
  {
    name: 'imap: STARTTLS then default SASL login shows INBOX messages',
    run: (rig) => imapExamineInbox(rig, []),
  },
  {
    name: 'imap: STARTTLS then AUTHENTICATE PLAIN shows INBOX messages',
    run: (rig) => imapExamineInbox(rig, ['--login-options', 'AUTH=PLAIN']),
  },
  {
    name: 'pop3: before STLS advertises STLS and no plaintext login',
    run: async (rig) => {
      const reply = await plaintextDialogue(rig.host, rig.ports.pop3, 'CAPA', /^\.\r?$/m);
      if (!/^STLS\r?$/m.test(reply)) return describeFailure(rig, 'STLS missing', reply);
      if (/^USER\r?$/m.test(reply) || /^SASL .*\bPLAIN\b/m.test(reply))
        return describeFailure(rig, 'plaintext login offered before TLS', reply);
      return null;
    },
  },
  {
    name: 'pop3: STLS then AUTH PLAIN and STAT',
    run: (rig) => pop3Stat(rig, ['--login-options', 'AUTH=PLAIN']),
  },
  {
    name: 'pop3: STLS then APOP and STAT',
    run: (rig) => pop3Stat(rig, ['--login-options', 'AUTH=+APOP']),
  },
  {
    name: 'smtps: chain verifies against root.pem',
    run: (rig) => tlsCheck(rig, { port: rig.ports.smtps, closingCommand: 'QUIT' }, /^220 /m),
  },
  {
    name: 'imaps: chain verifies against root.pem',
    run: (rig) => tlsCheck(rig, { port: rig.ports.imaps, closingCommand: 'a LOGOUT' }, /^\* OK /m),
  },
  {
    name: 'pop3s: chain verifies against root.pem',
    run: (rig) => tlsCheck(rig, { port: rig.ports.pop3s, closingCommand: 'QUIT' }, /^\+OK /m),
  },
  {
    name: 'submission: STARTTLS chain verifies against root.pem',
    run: (rig) =>
      tlsCheck(rig, { port: rig.ports.submission, starttls: 'smtp', closingCommand: 'QUIT' }, /./),
  },
  {
    name: 'imap: STARTTLS chain verifies against root.pem',
    run: (rig) =>
      tlsCheck(rig, { port: rig.ports.imap, starttls: 'imap', closingCommand: 'a LOGOUT' }, /./),
  },
  {
    name: 'pop3: STLS chain verifies against root.pem',
    run: (rig) =>
      tlsCheck(rig, { port: rig.ports.pop3, starttls: 'pop3', closingCommand: 'QUIT' }, /./),
  },
];

async function runChecks(rig: MailRig): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const check of CHECKS) {
    let problem: string | null;
    try {
      problem = await check.run(rig);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === null) {
      passed++;
      console.log(`PASS ${check.name}`);
    } else {
      failed++;
      console.log(`FAIL ${check.name}\n${problem.replace(/^/gm, '    ')}`);
    }
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  // Throws under CI=true, so a machine without the servers fails instead of passing silently.
  const skipReason = await findMissingPrerequisites(SMOKE_TOOLS);
  if (skipReason !== null) {
    console.log(`SKIP ${skipReason}`);
    return 0;
  }
  if (!(await swaksSupportsTls())) {
    const reason = 'swaks has no TLS support (install with: apt-get install libnet-ssleay-perl).';
    if (process.env['CI'] === 'true') throw new Error(reason);
    console.log(`SKIP ${reason}`);
    return 0;
  }

  const startedAt = Date.now();
  const rig = await startMailRig();
  console.log(`Mail rig up in ${Date.now() - startedAt} ms at ${rig.host} (folder ${rig.rigDir})`);

  try {
    const { passed, failed } = await runChecks(rig);
    if (failed > 0) {
      const logs = (await rig.logs()).trimEnd().split('\n').slice(-FAILURE_LOG_LINES).join('\n');
      console.log(
        `--- server logs (last ${FAILURE_LOG_LINES} lines) ---\n${maskSecrets(logs, secretsOf(rig))}`,
      );
    }
    console.log(`smoke: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await rig.stop();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return 1;
});
