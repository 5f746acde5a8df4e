/** The webhook's format and secret in every settings source (JSON, config.ini, the schema) and the advice on them. */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseConfigText, settingsFromLayers } from '../../main/settings/config-file.js';
import { settingsJsonSchema } from '../../main/settings/json-schema.js';
import { withDefaults } from '../../main/settings/with-defaults.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { worded } from '../support/settings.js';
import { problemWords } from '../../main/i18n/problem-words.js';
import { validateSettings } from '../../main/settings/validate.js';
import { webhookAdvice } from '../../main/settings/webhook-advice.js';

const good = defaultSettings(['127.0.0.1:11123']);
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

function fromIni(lines: string) {
  const read = worded(parseConfigText(`[ntp_server]\nserver_addr = 127.0.0.1\n${lines}`, 'config.ini'));
  if (!read.ok) throw new Error(read.problems.join('\n'));
  return worded(settingsFromLayers([read.layer], defaultSettings()));
}

describe('webhook format and secret', () => {
  it('default to generic and no secret, which an older settings file gets too', () => {
    expect(defaultSettings()).toMatchObject({ webhookFormat: 'generic', webhookSecret: '' });
    expect(validateSettings(withDefaults({ servers: ['ntp.example.org'], webhookUrl: 'https://hook.test/x' }))).toMatchObject({
      ok: true,
      settings: { webhookUrl: 'https://hook.test/x', webhookFormat: 'generic', webhookSecret: '' },
    });
  });

  it('are read from config.ini as webhook_format and webhook_secret', () => {
    expect(fromIni(`webhook = https://hook.test/x\nwebhook_format = dingtalk\nwebhook_secret = ${SECRET}\n`)).toMatchObject({
      ok: true,
      settings: { webhookFormat: 'dingtalk', webhookSecret: SECRET },
    });
  });

  it('refuse an unknown format and a secret with spaces, naming the key, in English and Chinese, never quoting the secret', () => {
    const result = fromIni('webhook_format = DingTalk\nwebhook_secret = my secret\n');
    expect(result).toEqual({
      ok: false,
      problems: [
        'config.ini: [ntp_server] webhook_format: Webhook format must be one of: generic, dingtalk, wecom, feishu, slack; got "DingTalk".',
        'config.ini: [ntp_server] webhook_secret: Webhook secret must be at most 256 characters, letters, digits and punctuation without spaces (the value is not shown: it is a secret).',
      ],
    });
    const v = validateSettings({ ...good, webhookSecret: `${'x'.repeat(257)}` });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(problemWords(v.problems[0]!, 'zh-CN')).toBe('Webhook 加签密钥最多 256 个字符，只能是字母、数字和标点，不含空格（密钥不在此显示）。');
    for (const secret of ['tab\there', 'ümlaut', 42]) expect(validateSettings({ ...good, webhookSecret: secret }).ok).toBe(false);
  });

  it('agree with the JSON schema electron-store enforces', () => {
    const check = new Ajv({ allErrors: true }).compile({ type: 'object', properties: settingsJsonSchema, additionalProperties: false });
    expect(check({ ...good, webhookFormat: 'feishu', webhookSecret: SECRET })).toBe(true);
    for (const bad of [{ webhookFormat: 'teams' }, { webhookSecret: 'x'.repeat(257) }]) {
      expect(check({ ...good, ...bad })).toBe(false);
      expect(validateSettings({ ...good, ...bad }).ok).toBe(false);
    }
  });
});

describe('webhook advice (a warning, never a refusal)', () => {
  it("warns when a robot's URL has another format, and when a secret is set for a format that does not sign", () => {
    const feishuOnDingtalk = { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', webhookFormat: 'feishu', webhookSecret: '' } as const;
    expect(validateSettings({ ...good, ...feishuOnDingtalk }).ok).toBe(true);
    expect(webhookAdvice(feishuOnDingtalk).map((advice) => problemWords(advice, 'zh-CN'))).toEqual([
      'Webhook 地址属于 dingtalk 机器人，但格式是 feishu：机器人很可能拒收此消息（应选格式 dingtalk）。',
    ]);
    const secretUnused = { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', webhookFormat: 'wecom', webhookSecret: SECRET } as const;
    expect(webhookAdvice(secretUnused).map((advice) => problemWords(advice))).toEqual([
      'A webhook secret is set, but the wecom format does not sign its messages: the secret is not used.',
    ]);
  });

  it('is silent when URL and format agree (Lark is Feishu), and for a URL of no known robot', () => {
    expect(webhookAdvice({ webhookUrl: 'https://open.larksuite.com/open-apis/bot/v2/hook/x', webhookFormat: 'feishu', webhookSecret: SECRET })).toEqual([]);
    expect(webhookAdvice({ webhookUrl: 'https://relay.example/hook', webhookFormat: 'slack', webhookSecret: '' })).toEqual([]);
    expect(webhookAdvice({ webhookUrl: 'not a url', webhookFormat: 'generic', webhookSecret: '' })).toEqual([]);
  });
});
