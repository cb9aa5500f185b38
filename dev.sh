#!/usr/bin/env bash
# Jobpulse developer entry point. Works on a fresh Debian 12 machine as root.
#   ./dev.sh run    install dependencies, build, start the dashboard + receiver + demo
#   ./dev.sh test   install dependencies, build, run every test
#   ./dev.sh build  install dependencies and build only
#   ./dev.sh deps   install the Debian packages only
#   ./dev.sh fuzz [SECONDS]  build the libFuzzer targets with clang and run each briefly
#   ./dev.sh asan   build the unit tests with ASan+UBSan and run them
set -euo pipefail
cd "$(dirname "$0")"

PRESET=${JOBPULSE_PRESET:-dev}
BUILD_DIR="build/$PRESET"

PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates sqlite3 libsqlite3-dev
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libqt6sql6-sqlite qt6-websockets-dev
  qt6-httpserver-dev qt6-declarative-dev qt6-declarative-dev-tools qml6-module-qtqml
  qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qtquick
  qml6-module-qtquick-controls qml6-module-qtquick-templates qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qt-labs-platform qml6-module-qttest qt6-tools-dev
  qt6-l10n-tools libgl1-mesa-dri fonts-dejavu-core xvfb xauth x11-apps x11-utils imagemagick
  desktop-file-utils appstream dpkg-dev redis-server libhiredis-dev openssl python3
  dbus dbus-x11 trayer dunst libnotify-bin xdotool python3-prometheus-client chromium
  postgresql-15 libqt6sql6-psql libpq-dev
)

FUZZ_PACKAGES=(clang libclang-rt-14-dev)
UNIT_TESTS=(tst_event tst_config tst_jobrules tst_httpframing tst_stepupdate tst_mapping tst_families
  tst_signature tst_sseparser tst_store tst_reader)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "dev.sh: installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

build() {
  deps
  cmake --preset "$PRESET" >/dev/null
  cmake --build --preset "$PRESET" -j "$(nproc)"
}

has_display() {
  [ -n "${WAYLAND_DISPLAY:-}" ] && return 0
  [ -n "${DISPLAY:-}" ] && command -v xdpyinfo >/dev/null && xdpyinfo >/dev/null 2>&1
}

cmd=${1:-}
shift || true
case "$cmd" in
  deps) deps ;;
  build) build ;;
  run)
    build
    if has_display; then
      exec "$BUILD_DIR/app/jobpulse" --demo "$@"
    else
      echo "dev.sh: no display found: running the headless receiver with the demo (--headless --demo)."
      echo "dev.sh: try   curl -s http://127.0.0.1:7788/v1/jobs   while it runs; Ctrl+C stops it."
      exec "$BUILD_DIR/app/jobpulse" --headless --demo "$@"
    fi
    ;;
  fuzz)
    deps "${FUZZ_PACKAGES[@]}"
    seconds=${1:-10}
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j "$(nproc)"
    for target in $(sed -n '/"name": "fuzz",/,/]/p' CMakePresets.json | grep -o '"fuzz_[a-z]*"' | tr -d '"'); do
      corpus=tests/fuzz/corpus/${target#fuzz_}
      work=$(mktemp -d)
      cp -r "$corpus"/. "$work"/
      echo "dev.sh: fuzzing $target for ${seconds}s"
      if ! build/fuzz/tests/fuzz/$target -max_total_time="$seconds" -print_final_stats=1 \
          -artifact_prefix="$work/" "$work" > "$work.log" 2>&1; then
        tail -40 "$work.log"
        echo "dev.sh: $target failed; the input is in $work" >&2
        exit 1
      fi
      grep -E 'stat::number_of_executed_units' "$work.log" || true
      rm -rf "$work" "$work.log"
    done
    ;;
  asan)
    deps
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$(nproc)" --target "${UNIT_TESTS[@]}"
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/jobpulse-xdg.XXXXXX)}
    chmod 700 "$XDG_RUNTIME_DIR"
    ctest --preset asan -j 2 -R "^($(IFS='|'; echo "${UNIT_TESTS[*]}"))\$"
    ;;
  test)
    build
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/jobpulse-xdg.XXXXXX)}
    chmod 700 "$XDG_RUNTIME_DIR"
    ctest --preset "$PRESET" -j 2 "$@"
    ;;
  *)
    echo "usage: ./dev.sh run|test|build|deps|fuzz|asan" >&2
    exit 2
    ;;
esac
