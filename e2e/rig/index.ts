/**
 * The real-server rig: Postfix and Dovecot on 127.0.0.2 with a generated PKI, all inside one
 * temporary folder, so several rigs (from different worktrees) can run at once.
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDovecot, type DovecotInstance } from './dovecot';
import {
  createMailHome,
  deliverToMaildir,
  readMaildirMessages,
  waitForMaildirMessage,
} from './maildir';
import { createTestPki, TEST_LEAF_NAME, type TestPki } from './pki';
import { reserveFreePorts } from './ports';
import { startPostfix, type PostfixInstance } from './postfix';
import { checkTraversableByOthers, lookupAccount, type SystemAccount } from './system';

export { readMaildirMessages, waitForMaildirMessage, DEFAULT_MESSAGE_TIMEOUT_MS } from './maildir';
export { TEST_LEAF_NAME, type TestPki } from './pki';

/** The address both servers bind. Clients connect from 127.0.0.1, so Dovecot does not count them as local. */
export const MAIL_RIG_HOST = '127.0.0.2';

export const MAIL_RIG_DOMAIN = 'mailtap.test';

/** Starts tried when a reserved port was taken by another process before the server bound it. */
const MAX_START_ATTEMPTS = 3;

/**
 * Maximum length of the rig folder path. Sockets lie up to 37 characters deeper (Dovecot's
 * run/token-login/imap-urlauth), and Linux limits a Unix socket path to 107 bytes.
 */
const MAX_RIG_DIR_LENGTH = 60;

/** Environment variable that keeps the rig folder after stop() for inspection. */
export const KEEP_RIG_ENV = 'MAILTAP_KEEP_RIG';

export interface MailRigPorts {
  readonly smtp: number;
  readonly submission: number;
  readonly smtps: number;
  readonly imap: number;
  readonly imaps: number;
  readonly pop3: number;
  readonly pop3s: number;
}

export interface MailRigUser {
  readonly login: string;
  /** Contains non-ASCII characters, so tests cover UTF-8 in SASL. */
  readonly password: string;
  readonly address: string;
}

/** Plain data describing a running rig, for passing from a global setup to test files. */
export interface MailRigInfo {
  readonly host: string;
  readonly ports: MailRigPorts;
  readonly user: MailRigUser;
  /** root.pem: the CA file that makes the servers' chain verify. */
  readonly caFile: string;
  readonly caPem: string;
  /** Name on the leaf certificate, for SNI and host name checks. */
  readonly leafName: string;
  readonly maildir: string;
  readonly rigDir: string;
  readonly pkiDir: string;
}

export interface MailRig extends MailRigInfo {
  readonly pki: TestPki;
  readonly info: MailRigInfo;
  /** Full text of every message in the user's Maildir (new/ and cur/). */
  readMessages(): Promise<string[]>;
  /** Polls the Maildir until a message satisfies `predicate` and returns it. */
  waitForMessage(predicate: (message: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Postfix and Dovecot logs, for diagnosing a failed test. */
  logs(): Promise<string>;
  /** Stops both servers and removes the rig folder unless MAILTAP_KEEP_RIG=1. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMailRigOptions {
  /** Parent of the rig folder; defaults to the OS temp folder. */
  readonly parentDir?: string;
  /** Keep the rig folder after stop(); defaults to MAILTAP_KEEP_RIG=1. */
  readonly keepDir?: boolean;
}

export const MAIL_RIG_USER: MailRigUser = {
  login: `alice@${MAIL_RIG_DOMAIN}`,
  password: 'Grüße-s3cret',
  address: `alice@${MAIL_RIG_DOMAIN}`,
};

const SEED_MESSAGE = [
  `From: Mailtap Rig <rig@${MAIL_RIG_DOMAIN}>`,
  `To: ${MAIL_RIG_USER.address}`,
  'Subject: Welcome to the Mailtap test rig',
  `Message-ID: <seed@${MAIL_RIG_DOMAIN}>`,
  'Date: Thu, 01 Jan 2026 00:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'This message is in INBOX when the rig starts, so SELECT shows 1 EXISTS and STAT shows 1 message.',
  '',
].join('\n');

interface Servers {
  readonly ports: MailRigPorts;
  readonly dovecot: DovecotInstance;
  readonly postfix: PostfixInstance;
}

/** Where the rig keeps the user's mail; Dovecot's mail_location ~/Maildir and Postfix's map name the same folder. */
interface MailLayout {
  readonly mailDir: string;
  readonly userHome: string;
  readonly maildir: string;
  readonly account: SystemAccount;
}

async function startServers(rigDir: string, pki: TestPki, mail: MailLayout): Promise<Servers> {
  const reserved = await reserveFreePorts(MAIL_RIG_HOST, 7);
  const [smtp, submission, smtps, imap, imaps, pop3, pop3s] = reserved as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ports: MailRigPorts = { smtp, submission, smtps, imap, imaps, pop3, pop3s };

  const dovecot = await startDovecot({
    dir: join(rigDir, 'dovecot'),
    logFile: join(rigDir, 'logs', 'dovecot.log'),
    host: MAIL_RIG_HOST,
    ports: { imap, imaps, pop3, pop3s },
    hostname: TEST_LEAF_NAME,
    certChainFile: pki.leafChainFile,
    keyFile: pki.leafKeyFile,
    users: [{ login: MAIL_RIG_USER.login, password: MAIL_RIG_USER.password, home: mail.userHome }],
    mailUid: mail.account.uid,
    mailGid: mail.account.gid,
    authSocketUser: 'postfix',
  });

  try {
    const postfix = await startPostfix({
      dir: join(rigDir, 'postfix'),
      logFile: join(rigDir, 'logs', 'postfix.log'),
      host: MAIL_RIG_HOST,
      ports: { smtp, submission, smtps },
      hostname: TEST_LEAF_NAME,
      virtualDomain: MAIL_RIG_DOMAIN,
      mailboxBase: mail.mailDir,
      mailboxes: [{ address: MAIL_RIG_USER.address, maildir: mail.maildir }],
      mailUid: mail.account.uid,
      mailGid: mail.account.gid,
      certChainFile: pki.leafChainFile,
      keyFile: pki.leafKeyFile,
      saslSocket: dovecot.authSocket,
    });
    return { ports, dovecot, postfix };
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
}

async function readLogs(rigDir: string): Promise<string> {
  const sections: string[] = [];
  for (const name of ['postfix.log', 'dovecot.log']) {
    const file = join(rigDir, 'logs', name);
    const text = await readFile(file, 'utf8').catch(() => '(empty)\n');
    sections.push(`--- ${file} ---\n${text}`);
  }
  return sections.join('\n');
}

/**
 * Starts Postfix and Dovecot for one test run and resolves once every port accepts connections.
 * The user's INBOX contains one message at that point. Requires root (see findMissingPrerequisites).
 */
export async function startMailRig(options: StartMailRigOptions = {}): Promise<MailRig> {
  const keepDir = options.keepDir ?? process.env[KEEP_RIG_ENV] === '1';
  const rigDir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'mailtap-rig-'));
  const removeRigDir = async (): Promise<void> => {
    if (keepDir) process.stderr.write(`Mail rig folder kept at ${rigDir}\n`);
    else await rm(rigDir, { recursive: true, force: true });
  };

  let servers: Servers | null = null;
  let pki: TestPki;
  let maildir: string;

  try {
    if (rigDir.length > MAX_RIG_DIR_LENGTH) {
      throw new Error(
        `Rig folder path ${rigDir} is longer than ${MAX_RIG_DIR_LENGTH} characters, too long for Unix socket paths. Set TMPDIR to a shorter folder.`,
      );
    }
    // Postfix and Dovecot configuration values are separated by whitespace, so paths cannot contain any.
    if (/\s/.test(rigDir)) {
      throw new Error(
        `Rig folder path ${JSON.stringify(rigDir)} contains whitespace, which the server configurations cannot quote. Set TMPDIR to another folder.`,
      );
    }
    await chmod(rigDir, 0o755);
    await checkTraversableByOthers(rigDir);

    const account = await lookupAccount('mail');
    const mailDir = join(rigDir, 'mail');
    const userHome = join(mailDir, 'alice');
    maildir = await createMailHome(userHome, account.uid, account.gid);
    await deliverToMaildir(maildir, SEED_MESSAGE, account.uid, account.gid);
    pki = await createTestPki(join(rigDir, 'pki'));

    for (let attempt = 1; servers === null; attempt++) {
      try {
        servers = await startServers(rigDir, pki, { mailDir, userHome, maildir, account });
      } catch (error) {
        const portTaken =
          error instanceof Error && error.message.includes('Address already in use');
        if (!portTaken || attempt >= MAX_START_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await removeRigDir();
    throw error;
  }

  const running: Servers = servers;
  // A test process that exits without stop() must not leave servers holding ports.
  const stopOnExit = (): void => {
    running.postfix.stopNow();
    try {
      process.kill(running.dovecot.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopOnExit);

  let stopping: Promise<void> | null = null;
  const info: MailRigInfo = {
    host: MAIL_RIG_HOST,
    ports: running.ports,
    user: MAIL_RIG_USER,
    caFile: pki.caFile,
    caPem: pki.caPem,
    leafName: TEST_LEAF_NAME,
    maildir,
    rigDir,
    pkiDir: pki.dir,
  };

  return {
    ...info,
    info,
    pki,
    readMessages: () => readMaildirMessages(maildir),
    waitForMessage: (predicate, timeoutMs) => waitForMaildirMessage(maildir, predicate, timeoutMs),
    logs: () => readLogs(rigDir),
    stop: () => {
      stopping ??= (async () => {
        process.removeListener('exit', stopOnExit);
        // Postfix stops first because its smtpd processes keep connections to Dovecot's auth socket.
        await running.postfix.stop();
        await running.dovecot.stop();
        await removeRigDir();
      })();
      return stopping;
    },
  };
}
