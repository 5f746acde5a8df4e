// Builds the Debian package for a monitoring host: the single executable as /usr/bin/ntp-monitor, the systemd unit for
// `watch`, and in /usr/share/doc/ntp-monitor/ an example config.ini and the Nagios/Icinga command definition.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** What the deb holds: its path inside the package, the file it is made from, and its mode. */
function payload(binary) {
  const doc = 'usr/share/doc/ntp-monitor';
  return [
    ['usr/bin/ntp-monitor', binary, 0o755],
    ['usr/lib/systemd/system/ntp-monitor-watch.service', join(root, 'docs/systemd/ntp-monitor-watch.service'), 0o644],
    [`${doc}/config.ini`, join(root, 'docs/examples/config.ini'), 0o644],
    [`${doc}/ntp-monitor.cfg`, join(root, 'deploy/nagios/ntp-monitor.cfg'), 0o644],
  ];
}

// Node's binary links the C and C++ runtimes (ldd): their packages, at the versions of Debian 11 and Ubuntu 20.04.
const control = (installedKiB) =>
  [
    'Package: ntp-monitor',
    `Version: ${pkg.version}`,
    'Architecture: amd64',
    `Maintainer: ${pkg.author.name} <${pkg.author.email}>`,
    'Section: net',
    'Priority: optional',
    `Installed-Size: ${installedKiB}`,
    'Depends: libc6 (>= 2.28), libstdc++6 (>= 10), libgcc-s1',
    `Homepage: ${pkg.homepage}`,
    'Description: watch NTP servers and check them as a drop-in for check_ntp_time',
    ' `ntp-monitor check` is a Nagios/Icinga plugin (several servers, consensus, NTS);',
    ' `ntp-monitor watch` runs as a service and alerts by log, webhook and Prometheus.',
    ' A single executable: Node.js is built in.',
  ].join('\n') + '\n';

const copyright = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ntp-monitor
Source: ${pkg.homepage}

Files: *
Copyright: ${pkg.author.name}
License: GPL-3.0-or-later
 On Debian systems the full text is in /usr/share/common-licenses/GPL-3.
`;

/** Writes ntp-monitor_<version>_amd64.deb into `outDir` from the executable at `binary`; returns its path. */
export function buildDeb(binary, outDir) {
  const tree = mkdtempSync(join(tmpdir(), 'ntp-monitor-deb-'));
  try {
    // The tree's root is the package's "./": mkdtemp made it 0700.
    chmodSync(tree, 0o755);
    let bytes = 0;
    for (const [path, source, mode] of payload(binary)) {
      mkdirSync(join(tree, dirname(path)), { recursive: true, mode: 0o755 });
      copyFileSync(source, join(tree, path));
      chmodSync(join(tree, path), mode);
      bytes += readFileSync(source).length;
    }
    writeFileSync(join(tree, 'usr/share/doc/ntp-monitor/copyright'), copyright, { mode: 0o644 });
    mkdirSync(join(tree, 'DEBIAN'), { mode: 0o755 });
    writeFileSync(join(tree, 'DEBIAN/control'), control(Math.ceil(bytes / 1024)), { mode: 0o644 });
    const deb = join(outDir, `ntp-monitor_${pkg.version}_amd64.deb`);
    // gzip -6, not dpkg's default xz: xz takes most of a minute over the 100 MB binary, and every dpkg reads gzip.
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', tree, deb], { stdio: 'pipe' });
    return deb;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}
