/**
 * Runs inside ntpd's network namespace (bundled by test/support/ntpd.ts): readNtpd of 127.0.0.1, printed as JSON;
 * with a count, that many reads in a row and each one's wall and CPU milliseconds instead (the bench).
 */
import { readNtpd } from '../../main/timeservice/ntpd-reader.js';

const [port = '123', timeoutMs = '1000', count] = process.argv.slice(2);
const read = () => readNtpd({ address: '127.0.0.1', family: 4 }, Number(port), { timeoutMs: Number(timeoutMs) });

async function timed(n: number): Promise<{ ok: boolean; wallMs: number[]; cpuMs: number[] }> {
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let ok = true;
  for (let i = 0; i < n; i++) {
    const [w0, c0] = [performance.now(), process.threadCpuUsage()];
    ok &&= (await read()).ok;
    const c1 = process.threadCpuUsage(c0);
    wallMs.push(performance.now() - w0);
    cpuMs.push((c1.user + c1.system) / 1000);
  }
  return { ok, wallMs, cpuMs };
}

(count === undefined ? read() : timed(Number(count))).then((result) => process.stdout.write(JSON.stringify(result)));
