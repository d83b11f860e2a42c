#!/bin/sh
# Installs the few system libraries Qt needs (and Chromium for the web pages' tests) on a bare Debian/Ubuntu machine (only as root and
# only when something is missing); elsewhere it prints what to install and carries on.
missing=""
# The web pages' tests run in Debian's Chromium, driven by its chromedriver.
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromedriver"
# The period report's PDF is checked by its text, as poppler's pdftotext extracts it.
command -v pdftotext >/dev/null 2>&1 || missing="$missing pdftotext"
# Qt's xcb platform plugin (a real window) needs the libxcb-* ones too.
for lib in libEGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libGL.so.1 libpulse.so.0 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 libxcb-render-util.so.0 libxcb-shape.so.0 libxkbcommon-x11.so.0; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 chromium chromium-driver poppler-utils"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries for Qt:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 $pkgs) >/dev/null 2>&1 \
    || echo "warning: could not install $pkgs"
else
  echo "note: Qt may need these system packages: $pkgs"
fi
exit 0
