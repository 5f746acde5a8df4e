/** Runs inside ntpd's network namespace (bundled by test/support/ntpd.ts): one readNtpd of 127.0.0.1, printed as JSON. */
import { readNtpd } from '../../main/timeservice/ntpd-reader.js';

const [port = '123', timeoutMs = '1000'] = process.argv.slice(2);
readNtpd({ address: '127.0.0.1', family: 4 }, Number(port), { timeoutMs: Number(timeoutMs) }).then((read) => process.stdout.write(JSON.stringify(read)));
