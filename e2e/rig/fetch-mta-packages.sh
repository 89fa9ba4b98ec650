#!/usr/bin/env bash
# Unpacks Debian's Exim and OpenSMTPD packages into .cache/mta-packages/root without installing
# them: both conflict with Postfix (each provides mail-transport-agent), and the real-server tests
# run all three. e2e/rig/unpacked-mtas.ts starts the unpacked binaries. Needs apt-get and dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/../.."

dest=.cache/mta-packages
rm -rf "$dest"
mkdir -p "$dest/debs" "$dest/root"
# apt-get download writes into the current folder as the _apt user when it can.
chmod 0777 "$dest/debs"
(cd "$dest/debs" && apt-get download -qq exim4-daemon-light opensmtpd)
for deb in "$dest"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dest/root"
done
echo "Unpacked into $dest/root: $(ls "$dest/debs")"
