#!/usr/bin/env bash
# Runs every test of the solution against real servers started as child processes.
# On a fresh Debian 12 machine (root, apt and npm reachable, .NET SDK present) it first installs what
# the tests need; when everything is already there it goes straight to the tests.
# Exit status: the tests' status.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local wanted=(redis-server mosquitto mosquitto-clients ffmpeg libturbojpeg0
    gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good gstreamer1.0-plugins-base
    prometheus util-linux chromium)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  # The S3 test server and the browser tests' tools run on Node.js; the local-cluster script calls curl. A Node.js
  # installed otherwise (nvm, NodeSource) is used as it is.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # Any PostgreSQL server version will do; 15 is Debian 12's.
  if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    missing+=(postgresql)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  # Installing must not start system-wide services: the tests start private instances themselves.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    # Removed however the install ends: left behind, it would keep every later package's service from starting.
    trap 'sudo_if_needed rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' | sudo_if_needed tee "$policy" >/dev/null
    sudo_if_needed chmod +x "$policy"
    created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ "$created_policy" -eq 1 ]; then sudo_if_needed rm -f "$policy"; trap - EXIT; fi
}

install_npm_tools() {
  local stamp=tools/node_modules/.lock-stamp
  local want
  want=$(sha256sum tools/package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "npm tools: up to date"
    return
  fi
  log "installing npm tools into tools/node_modules"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

install_debian_packages
install_npm_tools

log "running dotnet test"
results=$(mktemp -d)
set +e
dotnet test IngestionCluster.sln \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" \
  --blame-hang-timeout 15m \
  "$@"
status=$?
set -e

# One plain summary line for CI, summed over the test assemblies.
if compgen -G "$results/*.trx" >/dev/null; then
  python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
# The failed tests again, last, so that the tail of a long CI log names them.
for path in glob.glob(sys.argv[1] + "/*.trx"):
    for result in ET.parse(path).getroot().iter("{%s}UnitTestResult" % ns["t"]):
        if result.get("outcome") == "Passed" or result.get("outcome") == "NotExecuted":
            continue
        message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
        text = " ".join((message.text or "").split()) if message is not None else ""
        print(f"FAILED {result.get('testName')}: {text[:600]}")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
fi
rm -rf "$results"
exit $status
