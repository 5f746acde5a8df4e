/** RFC 5905 on-wire arithmetic. All four times in ms on one scale; T1/T4 local, T2/T3 server. */
export function offsetAndDelay(t1: number, t2: number, t3: number, t4: number): { offsetMs: number; delayMs: number } {
  return {
    offsetMs: (t2 - t1 + (t3 - t4)) / 2,
    delayMs: t4 - t1 - (t3 - t2),
  };
}
