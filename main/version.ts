/** The version of NTP Monitor that runs, as package.json names it (a test keeps the two equal). */
export const VERSION = '0.1.0';
