#!/usr/bin/env bash
# System packages the test suite needs besides Python: Debian's Chromium (browser tests drive it
# through Playwright) and the Noto CJK fonts (Chinese text in screenshots and PDFs).
# Installs only what is missing; uses sudo when not run as root.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! (command -v fc-list >/dev/null 2>&1 && fc-list | grep -q 'Noto Sans CJK'); then
  need+=(fonts-noto-cjk)
fi

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
