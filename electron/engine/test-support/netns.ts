import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { runCommand } from '../../../e2e/rig/run-command';

/**
 * A network namespace of its own for tests that need networks loopback cannot show: a resolver
 * that hangs, an IPv6 path that drops every packet, no route at all. Nothing outside it changes:
 * every address, route and neighbour lives in the namespace or in a peer namespace created with
 * it, and `ip netns exec` gives the test process its own resolv.conf and hosts file.
 */
export interface TestNamespace {
  readonly name: string;
  /** Runs a script of test-support/netns-scenarios.ts inside the namespace and returns its JSON. */
  run<T>(scenario: string, input: unknown): Promise<T>;
  dispose(): Promise<void>;
}

/** Outcome of one session, as a scenario reports it. */
export interface SessionReport {
  readonly phase: string;
  readonly code: string | null;
  readonly message: string | null;
  readonly remoteAddress: string | null;
  readonly notes: string[];
}

/** Addresses inside the namespace whose packets leave on a link where no host replies. */
export const BLACK_HOLE = { ipv4: '10.77.0.2', ipv6: '2001:db8:77::2' } as const;
/** Addresses with no route at all inside the namespace, for ENETUNREACH. */
export const UNROUTED = { ipv4: '10.99.0.1', ipv6: '2001:db8:99::1' } as const;
/** The namespace's own address on the link, for a client that is not on loopback. */
export const LINK_ADDRESS = { ipv4: '10.77.0.1', ipv6: '2001:db8:77::1' } as const;

/** A link-layer address no interface has, so frames to the black-hole addresses are dropped. */
const NOBODY_MAC = '02:00:00:00:00:99';
const SCENARIOS = path.resolve('electron/engine/test-support/netns-scenarios.ts');
/** A scenario that has not printed its result by then has hung. */
const SCENARIO_TIMEOUT_MS = 90_000;

let counter = 0;

/** Returns why namespaces cannot be used here, or null when they can. */
export async function namespaceUnavailableReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) {
    return 'network namespace tests need root (ip netns add)';
  }
  try {
    await runCommand('ip', ['netns', 'list']);
  } catch (error) {
    return `ip netns is not available: ${(error as Error).message}`;
  }
  return null;
}

async function ip(...args: string[]): Promise<void> {
  await runCommand('ip', args);
}

/**
 * Creates the namespace: loopback up, and a veth link to a peer namespace that has no address,
 * with static neighbour entries that send the black-hole addresses' frames to no host.
 */
export async function createTestNamespace(files: {
  readonly resolvConf: string;
  readonly hosts: string;
}): Promise<TestNamespace> {
  counter++;
  const name = `mailtap-${process.pid}-${counter}`;
  const peer = `${name}-peer`;
  const etcDir = path.join('/etc/netns', name);

  const dispose = async (): Promise<void> => {
    await runCommand('ip', ['netns', 'del', name]).catch(() => undefined);
    await runCommand('ip', ['netns', 'del', peer]).catch(() => undefined);
    await rm(etcDir, { recursive: true, force: true });
  };

  try {
    await ip('netns', 'add', name);
    await ip('netns', 'add', peer);
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    await ip('-n', name, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    await ip('-n', name, 'link', 'set', 'veth1', 'netns', peer);
    await ip('-n', name, 'link', 'set', 'veth0', 'up');
    await ip('-n', peer, 'link', 'set', 'veth1', 'up');
    await ip('-n', name, 'addr', 'add', `${LINK_ADDRESS.ipv4}/24`, 'dev', 'veth0');
    await ip('-n', name, '-6', 'addr', 'add', `${LINK_ADDRESS.ipv6}/64`, 'dev', 'veth0', 'nodad');
    for (const [familyFlag, address] of [
      ['-4', BLACK_HOLE.ipv4],
      ['-6', BLACK_HOLE.ipv6],
    ] as const) {
      await ip(
        '-n',
        name,
        familyFlag,
        'neigh',
        'add',
        address,
        'lladdr',
        NOBODY_MAC,
        'dev',
        'veth0',
        'nud',
        'permanent',
      );
    }
    await mkdir(etcDir, { recursive: true });
    await writeFile(path.join(etcDir, 'resolv.conf'), files.resolvConf);
    await writeFile(path.join(etcDir, 'hosts'), files.hosts);
  } catch (error) {
    await dispose();
    throw error;
  }

  return {
    name,
    run: <T>(scenario: string, input: unknown) => runScenario<T>(name, scenario, input),
    dispose,
  };
}

function runScenario<T>(namespace: string, scenario: string, input: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        process.execPath,
        '--import',
        'tsx',
        SCENARIOS,
        scenario,
        JSON.stringify(input),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`scenario ${scenario} exited with ${code}:\n${stderr}\n${stdout}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`scenario ${scenario} printed no JSON result:\n${stdout}\n${stderr}`));
      }
    });
  });
}
