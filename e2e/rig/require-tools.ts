import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** A program the rig runs, with the Debian package that installs it. */
export interface RequiredTool {
  /** A command looked up in PATH, /usr/sbin and /sbin, or an absolute path. */
  readonly name: string;
  readonly debianPackage: string;
}

/** What `startMailRig` runs. Dovecot's imap and pop3 binaries live outside PATH, so they are listed by path. */
export const MAIL_RIG_TOOLS: readonly RequiredTool[] = [
  { name: 'openssl', debianPackage: 'openssl' },
  { name: 'postfix', debianPackage: 'postfix' },
  { name: 'dovecot', debianPackage: 'dovecot-core' },
  { name: '/usr/lib/dovecot/imap', debianPackage: 'dovecot-imapd' },
  { name: '/usr/lib/dovecot/pop3', debianPackage: 'dovecot-pop3d' },
];

/** Root's sbin folders are not always in PATH for other users or CI shells. */
const EXTRA_SEARCH_FOLDERS = ['/usr/sbin', '/sbin'];

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the absolute path of an executable looked up in PATH, /usr/sbin and /sbin, or null. */
export async function findExecutable(name: string): Promise<string | null> {
  if (name.startsWith('/')) return (await isExecutable(name)) ? name : null;
  const folders = [
    ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean),
    ...EXTRA_SEARCH_FOLDERS,
  ];
  for (const folder of folders) {
    const candidate = join(folder, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Returns the absolute path of `name`, or throws naming the Debian package that installs it. */
export async function requireExecutable(name: string): Promise<string> {
  const path = await findExecutable(name);
  if (path !== null) return path;
  const debianPackage = MAIL_RIG_TOOLS.find((tool) => tool.name === name)?.debianPackage ?? name;
  throw new Error(
    `${name} not found in PATH, /usr/sbin or /sbin. Install it with: apt-get install ${debianPackage}`,
  );
}

/** Returns the names from `names` that are not executable in PATH, /usr/sbin or /sbin (or at their absolute path). */
export async function checkTools(names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    if ((await findExecutable(name)) === null) missing.push(name);
  }
  return missing;
}

/**
 * Returns why tests that need `tools` cannot run here, or null when they can. Under CI
 * (`CI=true`) a missing prerequisite is an error instead, so a broken CI image cannot pass by
 * skipping every real-server test.
 */
export async function findMissingPrerequisites(
  tools: readonly RequiredTool[] = MAIL_RIG_TOOLS,
): Promise<string | null> {
  const problems: string[] = [];

  const missing = await checkTools(tools.map((tool) => tool.name));
  if (missing.length > 0) {
    const packages = [
      ...new Set(
        tools.filter((tool) => missing.includes(tool.name)).map((tool) => tool.debianPackage),
      ),
    ];
    problems.push(
      `missing ${missing.join(', ')} (install with: apt-get install ${packages.join(' ')})`,
    );
  }
  // Postfix's master and Dovecot start as root and then drop privileges per process.
  if (process.getuid?.() !== 0) problems.push('the mail servers must be started as root');

  if (problems.length === 0) return null;
  const reason = `Real-server tests cannot run: ${problems.join('; ')}.`;
  if (process.env['CI'] === 'true') throw new Error(reason);
  return reason;
}
