#!/usr/bin/env bash
# Installs the system programs the test suite uses for real, when they are missing (Debian/Ubuntu, root or sudo):
#   chrony            - a real NTP server (chronyd) started on a loopback port by the tests
#   chromium          - headless browser for the settings-window tests (driven by playwright-core)
#   python3-ntplib    - a reference NTP client for cross-checks and benchmarks
#   fonts-wqy-microhei - CJK glyphs, so the Chinese window renders in screenshots
#   openssl           - makes the test CA and certificates for the NTS server (chronyd)
#   dbus-daemon, dbus-bin, libglib2.0-bin - a private session bus, dbus-send and gdbus for the desktop's tray probe
#   ntpsec-ntpdig     - ntpsec's ntpdig, the bench's cold-start reference for `ntp-monitor check`
#   systemd           - systemd-analyze, which verifies the unit in docs/systemd/ (no running systemd needed)
#   monitoring-plugins-basic - the real check_ntp_time, which `check` is compared with as a drop-in plugin
#   prometheus        - prometheus and promtool: deploy/'s rules checked, unit-tested and evaluated on a live scrape
#   prometheus-alertmanager - Alertmanager (and amtool): deploy/'s example route posting to a test's webhook
#   dpkg, binutils    - dpkg-deb and strip, which build the deb and the single executable (npm run dist:cli)
#   iproute2          - ip, which brings loopback up in the network namespace the test ntpd runs in
# and, unpacked rather than installed (Debian's ntpsec conflicts with chrony), ntpsec's ntpd, ntpq and ntptime in
# $NTPSEC_DIR (default ~/.cache/ntp-monitor-test/ntpsec), for the mode 6 reader's tests (test/support/ntpd.ts).
set -euo pipefail

ntpsec_dir="${NTPSEC_DIR:-$HOME/.cache/ntp-monitor-test/ntpsec}"
if [ ! -x "$ntpsec_dir/usr/sbin/ntpd" ]; then
  if command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
    download="$(mktemp -d)"
    # apt-get download needs no root; it writes the .deb into the current folder. A clean machine may have no
    # package lists yet: update them (root or sudo) and try once more.
    fetch() { (cd "$download" && apt-get download -qq ntpsec 2>/dev/null); }
    if ! fetch; then
      if [ "$(id -u)" -eq 0 ]; then apt-get update -qq || true; elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq || true; fi
    fi
    if [ -n "$(ls "$download"/ntpsec_*.deb 2>/dev/null)" ] || fetch; then
      mkdir -p "$ntpsec_dir"
      dpkg-deb -x "$download"/ntpsec_*.deb "$ntpsec_dir"
      echo "install-test-deps: ntpsec unpacked in $ntpsec_dir (ntpq needs python3-ntp, which ntpsec-ntpdig brings)"
    else
      echo "install-test-deps: could not download ntpsec (run apt-get update first); the ntpd tests will fail" >&2
    fi
    rm -rf "$download"
  fi
fi

needed=()
command -v chronyd >/dev/null 2>&1 || [ -x /usr/sbin/chronyd ] || needed+=(chrony)
[ -x /usr/bin/chromium ] || needed+=(chromium)
/usr/bin/python3 -c 'import ntplib' >/dev/null 2>&1 || needed+=(python3-ntplib)
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
fc-list 2>/dev/null | grep -qi 'microhei\|cjk' || needed+=(fonts-wqy-microhei)
command -v dbus-daemon >/dev/null 2>&1 || needed+=(dbus-daemon)
command -v dbus-send >/dev/null 2>&1 || needed+=(dbus-bin)
command -v gdbus >/dev/null 2>&1 || needed+=(libglib2.0-bin)
[ -x /usr/bin/ntpdig ] || needed+=(ntpsec-ntpdig)
command -v systemd-analyze >/dev/null 2>&1 || needed+=(systemd)
[ -x /usr/lib/nagios/plugins/check_ntp_time ] || needed+=(monitoring-plugins-basic)
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || needed+=(prometheus)
command -v dpkg-deb >/dev/null 2>&1 || needed+=(dpkg)
command -v ip >/dev/null 2>&1 || needed+=(iproute2)
command -v strip >/dev/null 2>&1 || needed+=(binutils)
{ command -v prometheus-alertmanager || command -v alertmanager; } >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 || needed+=(prometheus-alertmanager)

if [ ${#needed[@]} -eq 0 ]; then
  echo "install-test-deps: chronyd, chromium, python3-ntplib, openssl, CJK fonts, D-Bus tools, ntpdig, systemd-analyze, check_ntp_time, Prometheus, Alertmanager, dpkg-deb, strip and ip are present."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "install-test-deps: need root (or sudo) to install: ${needed[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: no apt-get here; install these yourself: ${needed[*]}" >&2
  exit 1
fi
echo "install-test-deps: installing ${needed[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
