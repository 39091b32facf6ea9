#!/usr/bin/env bash
# System packages the test suite needs besides Python, from Debian:
# - chromium: the browser tests drive it through Playwright;
# - TeX for the PDF tests: texlive-xetex, texlive-lang-chinese (xeCJK), latexmk,
#   texlive-fonts-recommended (hyperref needs it without recommends), fonts-freefont-otf
#   (Sphinx's Latin fonts for xelatex), fonts-noto-cjk (the Chinese fonts we set);
# - poppler-utils: pdftotext and pdftoppm read the PDFs back;
# - npm: axe-core (tests/js, pinned by its package-lock.json) checks the pages' accessibility in
#   the browser tests.
# Installs only what is missing; uses sudo when not run as root.
set -euo pipefail

packages=(chromium fonts-noto-cjk texlive-xetex texlive-lang-chinese texlive-fonts-recommended
          latexmk fonts-freefont-otf poppler-utils)
need=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
command -v npm > /dev/null || need+=(npm)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# axe-core, exactly the version of tests/js/package-lock.json, from the npm registry
(cd "$(dirname "$0")/../tests/js" && npm ci --no-audit --no-fund --loglevel=error)
