import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Lines of each server log quoted in a start-up error; enough for the fatal message and its cause. */
export const LOG_TAIL_LINES = 40;

export interface SystemAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** Looks up a local account in /etc/passwd, where Debian's postfix and dovecot packages create theirs. */
export async function lookupAccount(name: string): Promise<SystemAccount> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [accountName, , uid, gid] = line.split(':');
    if (accountName === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error(
    `System account ${JSON.stringify(name)} not found in /etc/passwd. Reinstall the package that creates it.`,
  );
}

/**
 * Returns whether `pid` is a live process. A zombie counts as gone: a daemonised Postfix master
 * is reparented, and a parent that does not reap leaves an entry that `kill(pid, 0)` still finds.
 */
export async function isProcessRunning(pid: number): Promise<boolean> {
  try {
    const status = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the command name, which is in parentheses and may contain spaces.
    const state = status.slice(status.lastIndexOf(')') + 2, status.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Returns the last `lineCount` lines of a log file, or a note that it does not exist yet. */
export async function readLogTail(
  file: string,
  lineCount: number = LOG_TAIL_LINES,
): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lineCount).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * Throws unless every ancestor of `path` lets other users pass through, because Postfix's and
 * Dovecot's unprivileged processes (users postfix, dovenull, mail) must reach files in the rig.
 */
export async function checkTraversableByOthers(path: string): Promise<void> {
  let current = dirname(path);
  for (;;) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) {
      throw new Error(
        `Folder ${current} is not searchable by other users (mode ${(info.mode & 0o777).toString(8)}), ` +
          `so the mail servers' unprivileged processes cannot reach the rig. Choose another parent folder ` +
          `(the rig uses TMPDIR, default /tmp).`,
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
