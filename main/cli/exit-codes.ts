/** Exit statuses as monitoring plugins use them (Nagios, Icinga, Zabbix, cron wrappers). */
export const EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;
