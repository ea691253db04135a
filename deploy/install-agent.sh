#!/usr/bin/env bash
# Installs (or upgrades) the pbxwatch agent on a Debian / Raspberry Pi OS gateway.
#
#   sudo ./install-agent.sh [--bundle DIR] [--pbx ipoffice|ipecs] [--no-start] [--offline]
#   ./install-agent.sh --root /tmp/gw --bundle dist-bundle/agent     # files only, into a fake root
#
# Idempotent: running it again upgrades the code and the unit, and never touches an existing
# /etc/pbxwatch/agent.yaml or agent.env. See docs/deploy.md.
set -euo pipefail

PROG=install-agent.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=""
BUNDLE=""
PBX=ipoffice
TEMPLATE=""
START=1
OFFLINE=0
SVC_USER=pbxwatch
UNIT=pbxwatch-agent.service
# The unit runs /usr/bin/node (the NodeSource and Debian packages both put it there).
UNIT_NODE=/usr/bin/node

usage() {
  cat <<EOF
usage: $PROG [options]
  --bundle DIR     the agent bundle (pbxwatch-agent.js, package.json); default: this script's
                   directory if it holds one, else dist-bundle/agent of the repository
  --pbx KIND       config template for a first install: ipoffice (default) or ipecs
  --template FILE  config template for a first install (instead of --pbx)
  --no-start       install only; do not enable or (re)start the service
  --offline        npm install from the local npm cache only (or ship node_modules in the bundle)
  --root DIR       install the files under DIR (a DESTDIR-style fake root, e.g. for tests): no
                   user, no chown, no npm, no systemctl; prints what it would do instead
  -h, --help       this text
EOF
}

die() {
  echo "$PROG: error: $*" >&2
  exit 1
}
say() { echo "$PROG: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
  --bundle) BUNDLE=${2:?--bundle needs a directory}; shift 2 ;;
  --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
  --pbx) PBX=${2:?--pbx needs ipoffice or ipecs}; shift 2 ;;
  --template) TEMPLATE=${2:?--template needs a file}; shift 2 ;;
  --no-start) START=0; shift ;;
  --offline) OFFLINE=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option: $1" ;;
  esac
done

if [ -n "$ROOT" ]; then
  mkdir -p "$ROOT"
  ROOT=$(cd "$ROOT" && pwd)
  [ "$ROOT" != / ] || die "--root / is the real system: leave --root out instead"
fi

# Runs a privileged step, or in --root mode only says what it would run.
act() {
  if [ -n "$ROOT" ]; then
    echo "would: $*"
  else
    "$@"
  fi
}

# --- where things come from ----------------------------------------------------------------------
if [ -z "$BUNDLE" ]; then
  if [ -f "$SCRIPT_DIR/pbxwatch-agent.js" ]; then
    BUNDLE=$SCRIPT_DIR
  elif [ -f "$SCRIPT_DIR/../dist-bundle/agent/pbxwatch-agent.js" ]; then
    BUNDLE=$SCRIPT_DIR/../dist-bundle/agent
  else
    die "no agent bundle found: pass --bundle DIR (build one with: npm run bundle)"
  fi
fi
[ -d "$BUNDLE" ] || die "--bundle $BUNDLE is not a directory"
BUNDLE=$(cd "$BUNDLE" && pwd)
for f in pbxwatch-agent.js package.json; do
  [ -f "$BUNDLE/$f" ] || die "$BUNDLE/$f is missing: is this an agent bundle? (npm run bundle)"
done

# First file that exists among the arguments.
first_of() {
  for f in "$@"; do
    if [ -f "$f" ]; then
      echo "$f"
      return 0
    fi
  done
  return 1
}
UNIT_SRC=$(first_of "$BUNDLE/$UNIT" "$SCRIPT_DIR/systemd/$UNIT") ||
  die "$UNIT not found in $BUNDLE or $SCRIPT_DIR/systemd"
if [ -z "$TEMPLATE" ]; then
  case "$PBX" in ipoffice | ipecs) ;; *) die "--pbx must be ipoffice or ipecs, not '$PBX'" ;; esac
  TEMPLATE=$(first_of "$BUNDLE/agent-$PBX.yaml" "$SCRIPT_DIR/examples/agent-$PBX.yaml") ||
    die "config template agent-$PBX.yaml not found in $BUNDLE or $SCRIPT_DIR/examples"
fi
[ -f "$TEMPLATE" ] || die "config template $TEMPLATE does not exist"

# --- preconditions -------------------------------------------------------------------------------
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (sudo $0 ...), or use --root DIR for a file-only install"
fi

if [ -n "$ROOT" ]; then
  NODE=$(command -v node) || die "node is not installed (Node.js 20 or later is required)"
else
  NODE=$UNIT_NODE
  [ -x "$NODE" ] || die "$NODE not found: the unit runs $UNIT_NODE; install Node.js 20+ from" \
    "NodeSource (https://deb.nodesource.com) or Debian (apt install nodejs)"
fi
NODE_VERSION=$("$NODE" -p 'process.versions.node') || die "$NODE does not run"
[ "${NODE_VERSION%%.*}" -ge 20 ] || die "Node.js $NODE_VERSION at $NODE is too old: 20 or later is required"
say "node $NODE_VERSION at $NODE"

ETC=$ROOT/etc/pbxwatch
STATE=$ROOT/var/lib/pbxwatch
OPT=$ROOT/opt/pbxwatch/agent
UNIT_DIR=$ROOT/etc/systemd/system
BIN=$ROOT/usr/local/bin

# --- user ----------------------------------------------------------------------------------------
if [ -n "$ROOT" ]; then
  echo "would: create system user $SVC_USER (nologin) unless it exists"
elif getent passwd "$SVC_USER" >/dev/null; then
  say "user $SVC_USER exists"
else
  NOLOGIN=$(command -v nologin || echo /usr/sbin/nologin)
  useradd --system --user-group --home-dir /var/lib/pbxwatch --no-create-home \
    --shell "$NOLOGIN" --comment "pbxwatch agent" "$SVC_USER"
  say "created system user $SVC_USER"
fi

# install(1) with an owner only on a real system: in a fake root the user does not exist.
own() {
  if [ -z "$ROOT" ]; then
    echo "-o" "$1" "-g" "$2"
  fi
}

# --- directories ---------------------------------------------------------------------------------
# shellcheck disable=SC2046 # own prints separate words on purpose
install -d -m 0750 $(own root "$SVC_USER") "$ETC"
# shellcheck disable=SC2046
install -d -m 0750 $(own "$SVC_USER" "$SVC_USER") "$STATE"
install -d -m 0755 "$ROOT/opt/pbxwatch" "$OPT" "$UNIT_DIR" "$BIN"
[ -z "$ROOT" ] || echo "would: chown root:$SVC_USER $ETC; chown $SVC_USER:$SVC_USER $STATE"

# --- config: created once, never overwritten -----------------------------------------------------
FRESH_CONFIG=0
if [ -e "$ETC/agent.yaml" ]; then
  say "keeping existing $ETC/agent.yaml"
else
  # shellcheck disable=SC2046
  install -m 0640 $(own root "$SVC_USER") "$TEMPLATE" "$ETC/agent.yaml"
  FRESH_CONFIG=1
  say "created $ETC/agent.yaml from $(basename "$TEMPLATE"): edit it for this site"
fi
# The secrets file is group-readable by the service only; re-assert that on every run.
chmod 0640 "$ETC/agent.yaml"
if [ ! -e "$ETC/agent.env" ]; then
  tmp_env=$(mktemp)
  cat >"$tmp_env" <<'EOF'
# Secrets for /etc/pbxwatch/agent.yaml, referenced there as { env: NAME }.
# Loaded by pbxwatch-agent.service (EnvironmentFile=) and by /usr/local/bin/pbxwatch-agent.
# One NAME=value per line, no spaces around "="; keep this file root:pbxwatch, mode 0640.
PBXWATCH_BROKER_PASSWORD=
PBXWATCH_SNMP_COMMUNITY=
EOF
  # shellcheck disable=SC2046
  install -m 0640 $(own root "$SVC_USER") "$tmp_env" "$ETC/agent.env"
  rm -f "$tmp_env"
  say "created $ETC/agent.env: put the broker password and SNMP community there"
fi
chmod 0640 "$ETC/agent.env"
[ -z "$ROOT" ] || echo "would: chown root:$SVC_USER $ETC/agent.yaml $ETC/agent.env"

# --- code ----------------------------------------------------------------------------------------
DEPS_CHANGED=1
if [ -f "$OPT/package.json" ] && cmp -s "$BUNDLE/package.json" "$OPT/package.json"; then
  DEPS_CHANGED=0
fi
for f in "$BUNDLE"/*; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in
  install-agent.sh) mode=0755 ;;
  *) mode=0644 ;;
  esac
  # Root-owned and read-only for the service: a compromised agent cannot rewrite its own code.
  install -m "$mode" "$f" "$OPT/$(basename "$f")"
done
say "installed the bundle from $BUNDLE into $OPT"

if [ -d "$BUNDLE/node_modules" ] && { [ ! -d "$OPT/node_modules" ] || [ "$DEPS_CHANGED" = 1 ]; }; then
  # A bundle prepared on a machine of the same CPU and OS (e.g. another Pi) ships its node_modules:
  # the gateway then needs no network at all.
  rm -rf "$OPT/node_modules"
  cp -R "$BUNDLE/node_modules" "$OPT/node_modules"
  say "copied node_modules from the bundle"
elif [ ! -d "$OPT/node_modules" ] || [ "$DEPS_CHANGED" = 1 ]; then
  npm_args=(install --omit=dev --no-audit --no-fund --no-update-notifier)
  [ "$OFFLINE" = 0 ] || npm_args+=(--offline)
  if [ -n "$ROOT" ]; then
    echo "would: (cd $OPT && npm ${npm_args[*]})"
  else
    command -v npm >/dev/null || die "npm not found (it comes with Node.js; Debian: apt install npm)"
    say "installing runtime dependencies (better-sqlite3) with npm"
    (cd "$OPT" && npm "${npm_args[@]}")
  fi
else
  say "runtime dependencies unchanged, keeping $OPT/node_modules"
fi

# --- command wrapper -----------------------------------------------------------------------------
tmp_bin=$(mktemp)
cat >"$tmp_bin" <<'EOF'
#!/bin/sh
# pbxwatch-agent: the agent CLI with the service's secrets (agent.env) and, when run by root, the
# service's user, so `sudo pbxwatch-agent probe --config /etc/pbxwatch/agent.yaml` sees what the
# service sees. Installed by install-agent.sh.
set -e
ENV_FILE=/etc/pbxwatch/agent.env
if [ -r "$ENV_FILE" ]; then
  # Read NAME=value lines literally, as systemd's EnvironmentFile= does (no shell expansion).
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'* | ';'*) continue ;; *=*) ;; *) continue ;; esac
    key=${line%%=*}
    val=${line#*=}
    case "$val" in \"*\") val=${val#\"}; val=${val%\"} ;; \'*\') val=${val#\'}; val=${val%\'} ;; esac
    export "$key=$val"
  done <"$ENV_FILE"
fi
if [ "$(id -u)" = 0 ] && id pbxwatch >/dev/null 2>&1; then
  exec runuser -u pbxwatch -- /usr/bin/node /opt/pbxwatch/agent/pbxwatch-agent.js "$@"
fi
exec /usr/bin/node /opt/pbxwatch/agent/pbxwatch-agent.js "$@"
EOF
install -m 0755 "$tmp_bin" "$BIN/pbxwatch-agent"
rm -f "$tmp_bin"

# --- systemd -------------------------------------------------------------------------------------
install -m 0644 "$UNIT_SRC" "$UNIT_DIR/$UNIT"
say "installed $UNIT_DIR/$UNIT"

act systemctl daemon-reload
if [ "$START" = 0 ]; then
  say "--no-start: not enabling or starting $UNIT"
elif [ "$FRESH_CONFIG" = 1 ]; then
  # Starting on the untouched template would poll an example address and report a bogus site.
  cat <<EOF
$PROG: next steps:
  1. sudoedit /etc/pbxwatch/agent.yaml       (site id, broker, PBX address, SNMP, SIP)
  2. sudoedit /etc/pbxwatch/agent.env        (broker password, SNMP community)
  3. sudo pbxwatch-agent check-config --config /etc/pbxwatch/agent.yaml
  4. sudo pbxwatch-agent probe --config /etc/pbxwatch/agent.yaml
  5. sudo systemctl enable --now $UNIT
  6. sudo pbxwatch-agent status --config /etc/pbxwatch/agent.yaml   (a minute later: "All well.")
EOF
else
  # Upgrade or re-run: refuse to restart a working agent into a config the new code rejects.
  if [ -n "$ROOT" ]; then
    echo "would: pbxwatch-agent check-config --config /etc/pbxwatch/agent.yaml"
  elif ! "$BIN/pbxwatch-agent" check-config --config /etc/pbxwatch/agent.yaml; then
    die "the config does not validate with the new agent: fix it, then: systemctl restart $UNIT"
  fi
  if [ -z "$ROOT" ] && systemctl is-active --quiet "$UNIT"; then
    act systemctl enable "$UNIT"
    act systemctl restart "$UNIT"
    say "restarted $UNIT"
  else
    act systemctl enable --now "$UNIT"
    [ -n "$ROOT" ] || say "enabled and started $UNIT"
  fi
fi
say "done"
