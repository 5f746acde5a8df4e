/**
 * The application id. Windows shows notifications only for the AUMID stamped on the Start-menu shortcut, which NSIS
 * takes from electron-builder.yml's appId: the two must be equal (a packaging test compares them).
 */
export const APP_ID = 'io.ntpmonitor.app';
