/** Webhook settings that are valid but probably not what was meant: worth a warning, never a refusal. */
import type { Problem } from './validate.js';
import type { Settings, WebhookFormatName } from './settings.js';

/** The hosts each robot's webhook URLs are issued on (Lark is Feishu's international name). */
const ROBOT_HOSTS: Record<Exclude<WebhookFormatName, 'generic'>, readonly string[]> = {
  dingtalk: ['oapi.dingtalk.com'],
  wecom: ['qyapi.weixin.qq.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
  slack: ['hooks.slack.com'],
};

/** The robots that sign their messages with a secret. */
export const SIGNING_FORMATS: readonly WebhookFormatName[] = ['dingtalk', 'feishu'];

/** The robot whose host the URL names, if any. */
export function robotOfUrl(url: string): WebhookFormatName | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return (Object.keys(ROBOT_HOSTS) as (keyof typeof ROBOT_HOSTS)[]).find((robot) => ROBOT_HOSTS[robot].includes(host));
}

/**
 * A robot's URL with another format (the robot would refuse the body), or a secret the format does not use (the
 * robot then answers unsigned messages only if it was set up without signing). Worded by i18n's problemWords.
 */
export function webhookAdvice(settings: Pick<Settings, 'webhookUrl' | 'webhookFormat' | 'webhookSecret'>): Problem[] {
  const advice: Problem[] = [];
  const robot = robotOfUrl(settings.webhookUrl);
  if (robot && robot !== settings.webhookFormat) {
    advice.push({ path: 'webhookFormat', key: 'settings.webhook-format-mismatch', params: { robot, format: settings.webhookFormat } });
  }
  if (settings.webhookSecret !== '' && !SIGNING_FORMATS.includes(settings.webhookFormat)) {
    advice.push({ path: 'webhookSecret', key: 'settings.webhook-secret-unused', params: { format: settings.webhookFormat } });
  }
  return advice;
}
