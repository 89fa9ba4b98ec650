/**
 * Exim and OpenSMTPD for the real-server tests. Debian's packages of both conflict with Postfix
 * (each provides mail-transport-agent), so `fetch-mta-packages.sh` unpacks them with `dpkg-deb -x`
 * into .cache/mta-packages instead of installing them. Their binaries have user names and paths
 * compiled in (Exim: the user Debian-exim; OpenSMTPD: the users opensmtpd and opensmtpq,
 * /var/spool/smtpd, /var/lib/opensmtpd/empty and /run/smtpd.sock). Each therefore runs in a
 * private mount namespace (`unshare --mount`), where the rig binds its own passwd and group files
 * and its own folders over those paths. Nothing outside the rig folder changes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, chown, copyFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { PORT_POLL_INTERVAL_MS, waitForPorts } from './ports';
import { findExecutable } from './require-tools';
import { checkTraversableByOthers, lookupAccount, readLogTail, type SystemAccount } from './system';

/** Where fetch-mta-packages.sh unpacks the packages, relative to the repository. */
export const MTA_PACKAGE_ROOT = resolve('.cache/mta-packages/root');
export const EXIM_BINARY = join(MTA_PACKAGE_ROOT, 'usr/sbin/exim4');
export const OPENSMTPD_BINARY = join(MTA_PACKAGE_ROOT, 'usr/sbin/smtpd');

/** Deadline for a daemon to open its ports; both need well under a second here. */
export const UNPACKED_MTA_START_TIMEOUT_MS = 15_000;
/** Deadline for a daemon to exit after SIGTERM before its process group gets SIGKILL. */
export const UNPACKED_MTA_STOP_TIMEOUT_MS = 5_000;

/** Unused uids for OpenSMTPD's two accounts, which exist only inside its namespace. */
const OPENSMTPD_UID = 65_530;
const OPENSMTPQ_UID = 65_531;

export interface UnpackedMtaOptions {
  /** Folder for this server's configuration, spool and log; created if missing. */
  readonly dir: string;
  readonly host: string;
  readonly hostname: string;
  readonly domain: string;
  readonly certChainFile: string;
  readonly keyFile: string;
}

export interface RunningMta {
  readonly name: string;
  readonly logFile: string;
  readonly ports: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

/** Returns why Exim and OpenSMTPD cannot run here, or null when they can. */
export async function findUnpackedMtaProblem(): Promise<string | null> {
  const problems: string[] = [];
  for (const binary of [EXIM_BINARY, OPENSMTPD_BINARY]) {
    try {
      await access(binary);
    } catch {
      problems.push(`${binary} is missing (run e2e/rig/fetch-mta-packages.sh)`);
    }
  }
  if ((await findExecutable('unshare')) === null) {
    problems.push('unshare is missing (apt-get install util-linux)');
  }
  if (process.getuid?.() !== 0) {
    problems.push('a mount namespace needs root');
  }
  return problems.length === 0 ? null : `Exim and OpenSMTPD cannot run: ${problems.join('; ')}.`;
}

/** Writes /etc/passwd and /etc/group copies with extra accounts, for binding inside a namespace. */
async function writeAccountFiles(
  dir: string,
  accounts: readonly { name: string; uid: number; gid: number }[],
): Promise<{ passwd: string; group: string }> {
  const passwd = join(dir, 'passwd');
  const group = join(dir, 'group');
  const passwdLines = accounts.map(
    (account) => `${account.name}:x:${account.uid}:${account.gid}::/nonexistent:/usr/sbin/nologin`,
  );
  const groupLines = accounts.map((account) => `${account.name}:x:${account.gid}:`);
  await writeFile(
    passwd,
    `${(await readFile('/etc/passwd', 'utf8')).trimEnd()}\n${passwdLines.join('\n')}\n`,
  );
  await writeFile(
    group,
    `${(await readFile('/etc/group', 'utf8')).trimEnd()}\n${groupLines.join('\n')}\n`,
  );
  await chmod(passwd, 0o644);
  await chmod(group, 0o644);
  return { passwd, group };
}

/** Quotes a path for sh; the rig's paths contain no single quotes. */
function quote(path: string): string {
  if (path.includes("'")) {
    throw new Error(
      `Path ${path} contains a single quote, which the namespace script cannot quote.`,
    );
  }
  return `'${path}'`;
}

async function startInNamespace(
  name: string,
  binds: readonly [string, string][],
  command: readonly string[],
  logFile: string,
  host: string,
  ports: Readonly<Record<string, number>>,
): Promise<RunningMta> {
  const script = [
    ...binds.map(([source, target]) => `mount --bind ${quote(source)} ${quote(target)}`),
    `exec ${command.map(quote).join(' ')}`,
  ].join(' && ');
  const log = await open(logFile, 'a');
  const child: ChildProcess = spawn(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', script],
    {
      stdio: ['ignore', log.fd, log.fd],
      detached: true,
    },
  );
  await log.close();
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) {
      return;
    }
    process.kill(-child.pid, 'SIGTERM');
    const deadline = Date.now() + UNPACKED_MTA_STOP_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
      await delay(PORT_POLL_INTERVAL_MS);
    }
    if (!exited) {
      process.kill(-child.pid, 'SIGKILL');
    }
  };

  try {
    await waitForPorts({
      host,
      ports,
      timeoutMs: UNPACKED_MTA_START_TIMEOUT_MS,
      checkFailure: () => (exited ? `${name} exited during start-up.` : null),
    });
  } catch (error) {
    await stop();
    throw new Error(
      `${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n--- ${logFile} (tail) ---\n${await readLogTail(logFile)}`,
      { cause: error },
    );
  }
  return { name, logFile, ports, stop };
}

/** Exim's ports: STARTTLS with PIPELINING, the same without PIPELINING, and implicit TLS. */
export interface EximPorts {
  readonly smtp: number;
  readonly lockstep: number;
  readonly smtps: number;
}

function buildEximConfig(options: UnpackedMtaOptions, dir: string, ports: EximPorts): string {
  return `# Generated by the Mailtap test rig.
keep_environment =
primary_hostname = ${options.hostname}
spool_directory = ${join(dir, 'spool')}
log_file_path = ${join(dir, 'log')}/%slog
pid_file_path = ${join(dir, 'exim.pid')}
local_interfaces = ${options.host}
daemon_smtp_ports = ${ports.smtp} : ${ports.lockstep} : ${ports.smtps}
# Without PIPELINING, Exim's default smtp_enforce_sync answers early input with a
# synchronization error, which is what the lockstep port is for.
pipelining_advertise_hosts = \${if eq{$received_port}{${ports.lockstep}}{}{*}}
tls_on_connect_ports = ${ports.smtps}
host_lookup =
rfc1413_hosts =
# A greeting over three lines, as multi-line banners arrive from real Exim hosts.
smtp_banner = $smtp_active_hostname ESMTP Exim $version_number $tod_full\\nThis system does not relay unsolicited bulk mail,\\nand abuse will be reported.
tls_advertise_hosts = *
tls_certificate = ${join(dir, 'chain.pem')}
tls_privatekey = ${join(dir, 'key.pem')}
# AUTH only over TLS, like a submission server.
auth_advertise_hosts = \${if eq{$tls_in_cipher}{}{}{*}}
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept domains = ${options.domain}
  deny message = 5.7.1 Relaying denied

begin routers
rig_mailbox:
  driver = accept
  domains = ${options.domain}
  transport = rig_file

begin transports
rig_file:
  driver = appendfile
  file = ${join(dir, 'mail', 'inbox')}
  user = mail

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if eq{$auth3}{exim-rig-password}}
  server_set_id = $auth2
`;
}

/**
 * Starts Exim 4 from the unpacked package: smtp and lockstep ports (STARTTLS, AUTH only over TLS,
 * PIPELINING only on smtp) and a smtps port (implicit TLS). Every delivery for `domain` is
 * appended to `<dir>/mail/inbox`.
 */
export async function startUnpackedExim(
  options: UnpackedMtaOptions,
  ports: EximPorts,
): Promise<RunningMta> {
  const dir = options.dir;
  const mail: SystemAccount = await lookupAccount('mail');
  // Exim writes its log and spool as the mail account, which must reach them.
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await checkTraversableByOthers(dir);
  for (const folder of ['spool', 'log', 'mail']) {
    await mkdir(join(dir, folder), { recursive: true });
    await chown(join(dir, folder), mail.uid, mail.gid);
  }
  // Exim reads its key after dropping to its own user, which is the mail account here.
  await copyFile(options.certChainFile, join(dir, 'chain.pem'));
  await copyFile(options.keyFile, join(dir, 'key.pem'));
  await chown(join(dir, 'key.pem'), mail.uid, mail.gid);
  await chmod(join(dir, 'key.pem'), 0o600);
  const config = join(dir, 'exim.conf');
  await writeFile(config, buildEximConfig(options, dir, ports));
  const accounts = await writeAccountFiles(dir, [
    { name: 'Debian-exim', uid: mail.uid, gid: mail.gid },
  ]);
  return startInNamespace(
    'Exim',
    [
      [accounts.passwd, '/etc/passwd'],
      [accounts.group, '/etc/group'],
      // Exim starts each delivery by running itself again from its compiled-in /usr/sbin/exim4.
      [join(MTA_PACKAGE_ROOT, 'usr/sbin'), '/usr/sbin'],
    ],
    [EXIM_BINARY, '-C', config, '-bdf'],
    join(dir, 'exim.stderr.log'),
    options.host,
    { ...ports },
  );
}

/**
 * Starts OpenSMTPD from the unpacked package on one port that offers STARTTLS, in the foreground
 * with debug output to its log. Mail for `domain` is accepted and queued; nothing is delivered.
 *
 * NOTE: Debian 12's OpenSMTPD 6.8.0p2 fails every TLS handshake under OpenSSL 3 with "SSL
 * routines::EVP lib" (https://github.com/OpenSMTPD/OpenSMTPD/issues/1239), so only its plaintext
 * dialogue can be tested.
 */
export async function startUnpackedOpenSmtpd(
  options: UnpackedMtaOptions,
  ports: { smtp: number },
): Promise<RunningMta> {
  const dir = options.dir;
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const folders = {
    spool: join(dir, 'spool'),
    varLib: join(dir, 'var-lib'),
    run: join(dir, 'run'),
  };
  await mkdir(folders.spool, { recursive: true });
  await mkdir(join(folders.varLib, 'opensmtpd', 'empty'), { recursive: true });
  await mkdir(folders.run, { recursive: true });
  await copyFile(options.certChainFile, join(dir, 'chain.pem'));
  await copyFile(options.keyFile, join(dir, 'key.pem'));
  await chmod(join(dir, 'key.pem'), 0o600);
  const config = join(dir, 'smtpd.conf');
  await writeFile(
    config,
    `# Generated by the Mailtap test rig.
pki ${options.hostname} cert "${join(dir, 'chain.pem')}"
pki ${options.hostname} key "${join(dir, 'key.pem')}"
listen on ${options.host} port ${ports.smtp} tls pki ${options.hostname} hostname ${options.hostname}
# Every address of the domain is valid; delivery itself fails (mail.maildir lies outside the
# unpacked tree), which leaves accepted messages in the queue.
table recipients { "@${options.domain}" = "mail" }
action "keep" maildir "${join(dir, 'maildir')}" virtual <recipients>
match from any for domain "${options.domain}" action "keep"
`,
  );
  const accounts = await writeAccountFiles(dir, [
    { name: 'opensmtpd', uid: OPENSMTPD_UID, gid: OPENSMTPD_UID },
    { name: 'opensmtpq', uid: OPENSMTPQ_UID, gid: OPENSMTPQ_UID },
  ]);
  return startInNamespace(
    'OpenSMTPD',
    [
      [accounts.passwd, '/etc/passwd'],
      [accounts.group, '/etc/group'],
      [folders.spool, '/var/spool'],
      [folders.varLib, '/var/lib'],
      [folders.run, '/run'],
    ],
    [OPENSMTPD_BINARY, '-d', '-f', config],
    join(dir, 'smtpd.log'),
    options.host,
    ports,
  );
}
