#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages zkprov needs to build, test and run its
# demo.  As root it runs apt-get; otherwise it prints the one line to run.
pkgs="build-essential cmake pkg-config libsodium-dev libcjson-dev libgmp-dev zlib1g-dev valgrind dataset-fashion-mnist python3-sklearn"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "zkprov: missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "zkprov: apt-get install failed; run: apt-get install$missing" >&2; exit 2; }
else
  echo "zkprov: run as root: sudo apt-get install -y$missing" >&2
  exit 2
fi
