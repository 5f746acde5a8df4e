/**
 * deploy/'s Prometheus rules and Alertmanager example, checked by the real tools: `promtool check rules`, the rules'
 * unit tests (`promtool test rules`), `amtool check-config`; and every alert the issue asks for is there, with its
 * severity, summary and runbook, and tested both firing and silent.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AMTOOL, missingPrograms, PROMTOOL } from '../support/prometheus.js';

const RULES = 'deploy/prometheus/ntp-monitor.rules.yml';
const RULE_TESTS = 'deploy/prometheus/ntp-monitor.rules.test.yml';
const ALERTMANAGER = 'deploy/alertmanager/alertmanager.yml';
/** Issue 20: a server past its thresholds, this computer off the consensus, a falseticker, unreachable, stale, NTS lost, the monitor down. */
const ASKED = ['NtpTimeServiceWrong', 'NtpServerOffsetCritical', 'NtpServerOffsetWarning', 'NtpLocalClockCritical', 'NtpLocalClockWarning', 'NtpServerFalseticker', 'NtpServerUnreachable', 'NtpServerSamplesStale', 'NtpServerNtsLost', 'NtpMonitorDown'];

const missing = missingPrograms({ promtool: PROMTOOL, amtool: AMTOOL });
if (missing) console.warn(`test/deploy/rules.test.ts: SKIPPED, ${missing}`);
const itTools = missing ? it.skip : it;

function run(program: string, args: string[]): { code: number | null; out: string } {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** The rules file cut at each `- alert:`: name and text of each rule. */
function rules(): { name: string; text: string }[] {
  return readFileSync(RULES, 'utf8').split(/\n(?= +- alert: )/).slice(1).map((text) => ({ name: /- alert: (\S+)/.exec(text)![1]!, text }));
}

describe('deploy/prometheus and deploy/alertmanager', () => {
  itTools('promtool accepts the rules and their unit tests pass', () => {
    const check = run(PROMTOOL!, ['check', 'rules', RULES]);
    expect(check.out).toContain(`SUCCESS: ${rules().length} rules found`);
    expect(check.code).toBe(0);
    const test = run(PROMTOOL!, ['test', 'rules', RULE_TESTS]);
    expect(test.out).toContain('SUCCESS');
    expect(test.code).toBe(0);
  });

  itTools('amtool accepts the Alertmanager example', () => {
    const check = run(AMTOOL!, ['check-config', ALERTMANAGER]);
    expect(check.out).toContain('SUCCESS');
    expect(check.code).toBe(0);
  });

  it('has every alert asked for, each with a severity, a summary and a runbook line, and no constant threshold', () => {
    expect(rules().map((r) => r.name).sort()).toEqual([...ASKED].sort());
    for (const { name, text } of rules()) {
      expect(text, name).toMatch(/\n\s+severity: (critical|warning)\n/);
      expect(text, name).toMatch(/\n\s+summary: '.+'\n/);
      expect(text, name).toMatch(/\n\s+runbook: '.+'\n/);
      // Offsets are compared with the exported thresholds, never with a number written here.
      const expr = /expr: ([^]*?)\n\s+for:/.exec(text)![1]!;
      if (expr.includes('offset_seconds')) expect(expr, name).not.toMatch(/[<>]=?\s*\d/);
    }
  });

  it('tests every alert where it fires and where it does not', () => {
    const cases = readFileSync(RULE_TESTS, 'utf8').split(/\n\s+- eval_time: /).slice(1).map((text) => ({ name: /alertname: (\S+)/.exec(text)![1]!, fires: /exp_alerts:/.test(text) }));
    for (const name of ASKED) {
      expect(cases.some((c) => c.name === name && c.fires), `${name} fires`).toBe(true);
      expect(cases.some((c) => c.name === name && !c.fires), `${name} stays silent`).toBe(true);
    }
  });
});
