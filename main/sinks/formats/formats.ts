/** The webhook formats by their setting's name. */
import type { WebhookFormatName } from '../../settings/settings.js';
import { dingtalk } from './dingtalk.js';
import { feishu } from './feishu.js';
import type { WebhookFormat } from './format.js';
import { generic } from './generic.js';
import { slack } from './slack.js';
import { wecom } from './wecom.js';

export const WEBHOOK_FORMAT_OF: Record<WebhookFormatName, WebhookFormat> = { generic, dingtalk, wecom, feishu, slack };
