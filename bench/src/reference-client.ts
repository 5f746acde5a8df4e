/** Debian's python3-ntplib as a long-lived helper process, so that its queries are timed without interpreter start-up. */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: the pyenv python3 first on PATH does not have python3-ntplib. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** Relative to the bundle in bench/.build/. */
const PROBE = fileURLToPath(new URL('../ntplib-probe.py', import.meta.url));

export interface ReferenceClient {
  query(host: string, port: number): Promise<{ offsetMs: number; delayMs: number }>;
  close(): void;
}

export function startReferenceClient(): ReferenceClient {
  if (spawnSync(SYSTEM_PYTHON, ['-c', 'import ntplib']).status !== 0) {
    throw new Error(`python3-ntplib is not installed for ${SYSTEM_PYTHON}: run \`bash scripts/install-test-deps.sh\` (Debian package "python3-ntplib").`);
  }
  const child = spawn(SYSTEM_PYTHON, [PROBE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async query(host, port) {
      child.stdin.write(`${host} ${port}\n`);
      const { value, done } = await lines.next();
      if (done) throw new Error('the ntplib probe exited');
      const answer = JSON.parse(value as string) as { offsetMs: number; delayMs: number } | { error: string };
      if ('error' in answer) throw new Error(`ntplib: ${answer.error}`);
      return answer;
    },
    close() {
      child.stdin.end();
    },
  };
}
