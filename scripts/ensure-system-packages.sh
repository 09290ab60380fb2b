#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (Chromium, redis-server) when they are missing.
set -euo pipefail

missing=()
[ -x "${TANDEM_CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The test suite needs: ${missing[*]}. Install them with your system's package manager." >&2
  exit 1
fi
sudo_command=""
if [ "$(id -u)" -ne 0 ]; then sudo_command="sudo"; fi
echo "Installing ${missing[*]} with apt-get (needed by the end-to-end tests)..."
$sudo_command apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_command apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
