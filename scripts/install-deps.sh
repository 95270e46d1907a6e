#!/usr/bin/env bash
# Installs the Debian 12 packages hcc-bot needs, only those that are missing.
set -euo pipefail
packages=(build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev libssl-dev
          libgtest-dev libbenchmark-dev python3 curl chromium ${HCCBOT_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
