#!/usr/bin/env bash
# Wrap the frozen ijref.app in a compressed .dmg (macOS only).
#
#   packaging/macos/build_dmg.sh dist/pyinstaller/ijref.app dist/ijref-0.1.0-macos-arm64.dmg 0.1.0
#
# Usually run by `python packaging/build.py` after PyInstaller made the .app
# (see packaging/ijref.spec, BUNDLE). Signing: with $MACOS_SIGN_IDENTITY set
# (a "Developer ID Application: ..." identity in the keychain) the app is signed
# with the hardened runtime, and with $MACOS_NOTARY_PROFILE (a `notarytool
# store-credentials` profile) the dmg is notarized and stapled. Without them
# the app keeps PyInstaller's ad-hoc signature: it runs after the user
# right-clicks > Open once, which is what an IT department's MDM usually handles.
set -euo pipefail

app=${1:?usage: build_dmg.sh APP OUT.dmg VERSION}
out=${2:?usage: build_dmg.sh APP OUT.dmg VERSION}
version=${3:?usage: build_dmg.sh APP OUT.dmg VERSION}

[[ "$(uname -s)" == Darwin ]] || { echo "build_dmg.sh: needs macOS (hdiutil)" >&2; exit 2; }
[[ -d "$app/Contents/MacOS" ]] || { echo "build_dmg.sh: $app is not an .app; run packaging/build.py" >&2; exit 2; }

# The bundle must pass its own check before it is shipped (offscreen, no display needed).
QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/ijref" --self-test

if [[ -n "${MACOS_SIGN_IDENTITY:-}" ]]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
fi
codesign --verify --deep --strict "$app"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/ijref.app"
ln -s /Applications "$staging/Applications"   # drag-to-install target
mkdir -p "$(dirname "$out")"
rm -f "$out"
hdiutil create -volname "ijref $version" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "$out"

if [[ -n "${MACOS_SIGN_IDENTITY:-}" ]]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$out"
  if [[ -n "${MACOS_NOTARY_PROFILE:-}" ]]; then
    xcrun notarytool submit "$out" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
    xcrun stapler staple "$out"
  fi
fi
hdiutil verify "$out"
echo "$out"
