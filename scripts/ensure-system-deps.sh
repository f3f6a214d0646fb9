#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (npm cannot bring them):
# azure-cli (the emulator's and the az exports' tests run the real `az`), shellcheck, and chromium (the report
# page's test opens it in a real browser through playwright-core, which downloads no browser of its own).
# Fast on a re-run: it only calls apt-get when a command is missing.
set -euo pipefail

missing=()
command -v az >/dev/null 2>&1 || missing+=(azure-cli)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "amplink tests: installing ${missing[*]} from Debian's packages (once)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "amplink tests need: ${missing[*]}" >&2
echo "Install them, then run npm test again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
