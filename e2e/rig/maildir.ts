import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Pause between two looks into the Maildir while waiting for a delivery. */
export const MAILDIR_POLL_INTERVAL_MS = 100;

/** Default wait for a message to arrive; Postfix delivers on loopback within a second or two. */
export const DEFAULT_MESSAGE_TIMEOUT_MS = 15_000;

/** Re-reads of a Maildir listing when Dovecot moves a file from new/ to cur/ during the read. */
const MAX_LISTING_RETRIES = 5;

const MAILDIR_SUBFOLDERS = ['cur', 'new', 'tmp'] as const;

/**
 * Creates a mail home with a Maildir inside (cur/, new/, tmp/), all owned by the account that
 * delivers and reads the mail, and returns the Maildir path.
 */
export async function createMailHome(home: string, uid: number, gid: number): Promise<string> {
  const maildir = join(home, 'Maildir');
  // Folders above the home stay root-owned but must let the mail account and Postfix pass.
  await mkdir(dirname(home), { recursive: true, mode: 0o755 });
  for (const path of [
    home,
    maildir,
    ...MAILDIR_SUBFOLDERS.map((subfolder) => join(maildir, subfolder)),
  ]) {
    await mkdir(path, { recursive: true, mode: 0o700 });
    await chown(path, uid, gid);
  }
  return maildir;
}

/** Stores `message` in new/ the way a delivery agent does: written under tmp/, then renamed. */
export async function deliverToMaildir(
  maildir: string,
  message: string,
  uid: number,
  gid: number,
): Promise<string> {
  const uniqueName = `${Math.floor(Date.now() / 1000)}.R${randomBytes(8).toString('hex')}.mailtap-rig`;
  const tmpFile = join(maildir, 'tmp', uniqueName);
  const newFile = join(maildir, 'new', uniqueName);
  await writeFile(tmpFile, message, { mode: 0o600 });
  await chown(tmpFile, uid, gid);
  await rename(tmpFile, newFile);
  return newFile;
}

function isFileNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

async function readMaildirOnce(maildir: string): Promise<string[] | null> {
  const messages: string[] = [];
  for (const subfolder of ['new', 'cur']) {
    const folder = join(maildir, subfolder);
    const names = (await readdir(folder)).filter((name) => !name.startsWith('.')).sort();
    for (const name of names) {
      try {
        messages.push(await readFile(join(folder, name), 'utf8'));
      } catch (error) {
        // Dovecot renamed the file (new/ to cur/, or a flag change) after the listing.
        if (isFileNotFound(error)) return null;
        throw error;
      }
    }
  }
  return messages;
}

/** Returns the full text of every message in the Maildir's new/ and cur/ folders. */
export async function readMaildirMessages(maildir: string): Promise<string[]> {
  for (let attempt = 0; attempt < MAX_LISTING_RETRIES; attempt++) {
    const messages = await readMaildirOnce(maildir);
    if (messages !== null) return messages;
  }
  throw new Error(
    `Maildir ${maildir} kept changing during ${MAX_LISTING_RETRIES} reads. Retry when delivery is idle.`,
  );
}

/** Polls the Maildir until a message satisfies `predicate` and returns that message's text. */
export async function waitForMaildirMessage(
  maildir: string,
  predicate: (message: string) => boolean,
  timeoutMs: number = DEFAULT_MESSAGE_TIMEOUT_MS,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await readMaildirMessages(maildir);
    const match = messages.find(predicate);
    if (match !== undefined) return match;

    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for a matching message in ${maildir} ` +
          `(${messages.length} messages present, none matched). Check the Postfix log for the delivery status.`,
      );
    }
    await delay(MAILDIR_POLL_INTERVAL_MS);
  }
}
