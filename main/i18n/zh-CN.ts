/** 简体中文。Keys must match en.ts exactly. */
import type { MessageKey } from './en.js';

export const zhCN: Record<MessageKey, string> = {
  'address.accepted':
    '可接受：主机名（time.example.com）、主机:端口、IPv4（192.0.2.1、192.0.2.1:123）或 IPv6（::1、[::1]:123）；端口 1-65535。',
  'address.empty': '服务器地址为空。{accepted}',
  'address.bad-port': '“{input}”的端口无效。{accepted}',
  'address.bad-host': '“{input}”不是有效的服务器地址。{accepted}',

  'field.servers': '服务器',
  'field.intervalSeconds': '检查间隔',
  'field.warningSeconds': '警告阈值',
  'field.criticalSeconds': '严重阈值',
  'field.confirm': '确认次数',
  'field.failuresBeforeUnreachable': '判定不可达前的失败次数',
  'field.timeoutMs': '应答超时',
  'field.notifications': '通知',
  'field.startAtLogin': '登录时启动',
  'field.language': '语言',
  'field.webhookUrl': 'Webhook 地址',
  'field.metricsListen': '指标监听地址',

  'settings.not-object': '设置必须是一个 JSON 对象。',
  'settings.unknown-key': '“{key}”不是有效的设置项。已知设置项：{known}。',
  'settings.not-number': '{field}必须是数字，当前为“{value}”。可接受：{min} 到 {max} {unit}。',
  'settings.out-of-range': '{field}必须在 {min} 到 {max} {unit} 之间，当前为 {value}。',
  'settings.not-integer': '{field}必须是 {min} 到 {max} 之间的整数，当前为 {value}。',
  'settings.critical-below-warning': '严重阈值（{critical} 秒）不能小于警告阈值（{warning} 秒）。',
  'settings.not-boolean': '{field}必须是 true 或 false。',
  'settings.not-one-of': '{field}必须是以下之一：{allowed}；当前为“{value}”。',
  'settings.servers-not-list': '服务器必须是地址列表。',
  'settings.servers-empty': '请至少添加一个服务器。',
  'settings.servers-too-many': '最多可监视 {max} 个服务器，当前有 {count} 个。',
  'settings.servers-duplicate': '“{input}”重复出现。',
  'settings.bad-url': '{field}必须是 http:// 或 https:// 地址，当前为“{value}”。',
  'settings.bad-listen': '{field}必须是端口（9123）或 主机:端口（127.0.0.1:9123、[::1]:9123），留空表示关闭；当前为“{value}”。',

  'unit.seconds': '秒',
  'unit.milliseconds': '毫秒',
  'unit.none': '',

  'failure.timeout': '{server} 在 {timeoutMs} 毫秒内没有应答。',
  'failure.dns': '无法解析 {server} 的名称（{code}）。',
  'failure.unreachable': '无法连接 {server}（{code}）。',
  'failure.kod-rate': '{server} 要求降低查询频率（Kiss-o\'-Death RATE），已退避。',
  'failure.kod-deny': '{server} 拒绝服务（Kiss-o\'-Death {code}），在其设置更改前不再查询。',
  'failure.kod-other': '{server} 返回了 Kiss-o\'-Death {code}，而不是时间。',
  'failure.unsynchronized': '{server} 声明其自身时钟未同步（闰秒指示 {leap}，层级 {stratum}）。',
  'failure.bogus': '{server} 的应答未通过 {code} 检查，已忽略。',
  'failure.invalid-address': '{message}',

  'state.unknown': '未知',
  'state.ok': '正常',
  'state.warning': '警告',
  'state.critical': '严重',
  'state.unreachable': '不可达',

  'transition.title': '{server}：{state}',
  'transition.alarm': '{server} 与本机相差 {offset}，超过 {threshold} 阈值：{state}。',
  'transition.recovered': '{server} 已回到 {threshold} 阈值以内（{offset}）：{state}。',
  'transition.ok': '{server} 与本机相差 {offset}：{state}。',
};
