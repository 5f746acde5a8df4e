/** The oldest Node the command line runs on, and the one-line refusal an older Node gets instead of a stack trace. */

/** Node 22.13: `node:sqlite` without a flag, module.enableCompileCache(); Node 20 reached its end of life in April 2026. */
export const MINIMUM_NODE = [22, 13, 0] as const;

/**
 * Null when `version` (process.versions.node, "22.13.0") is new enough, else the line to print. Kept to syntax and
 * calls any old Node parses and runs, since it is the first thing an old Node executes.
 */
export function nodeVersionProblem(version: string, executable: string): string | null {
  const parts = version.split('.').map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < MINIMUM_NODE.length; i++) {
    const have = parts[i] || 0;
    if (have !== MINIMUM_NODE[i]) {
      if (have > MINIMUM_NODE[i]!) return null;
      return `ntp-monitor: needs Node.js ${MINIMUM_NODE.join('.')} or newer; ${executable} is Node.js ${version}. Install a current Node.js LTS (https://nodejs.org) and run it again.`;
    }
  }
  return null;
}
