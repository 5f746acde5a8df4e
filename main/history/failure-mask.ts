/** Failure kinds as bits, so that a rollup bucket can say which kinds of failure it holds in one integer. */
import { FAILURE_KINDS, type FailureKind } from '../ntp/result.js';

/** Bit i stands for FAILURE_KINDS[i]. */
export function failureMask(kind: FailureKind): number {
  return 1 << FAILURE_KINDS.indexOf(kind);
}

/** The kinds whose bits are set, in FAILURE_KINDS order. */
export function failureKinds(mask: number): FailureKind[] {
  return FAILURE_KINDS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** SQL for the OR of `column` over a group (SQLite has no bitwise-OR aggregate): one max() per kind. */
export function orAggregate(column: string): string {
  return FAILURE_KINDS.map((_, i) => `max(${column} & ${1 << i})`).join(' | ');
}

/** SQL mapping an error_kind column to its bit (0 for a sample). */
export function maskOfKindSql(column: string): string {
  return `CASE ${column} ${FAILURE_KINDS.map((kind, i) => `WHEN '${kind}' THEN ${1 << i}`).join(' ')} ELSE 0 END`;
}
