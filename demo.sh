#!/usr/bin/env bash
# Runs a local Keycloak with the keycloak-pat extension and the demo realm (demo/demo-realm.json).
#
#   ./demo.sh              build everything, then start Keycloak on http://localhost:8080
#   ./demo.sh --no-build   reuse the jar already in pat-provider/target
#   ./demo.sh --fresh      also wipe the demo's Keycloak data (users, tokens) before starting
#
# Environment: KC_DEMO_PORT (default 8080). Data lives in ./demo-data (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

build=true
fresh=false
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --fresh) fresh=true ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

PORT=${KC_DEMO_PORT:-8080}
KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml | head -1)
PROJECT_VERSION=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
JAR="$ROOT/pat-provider/target/keycloak-pat-${PROJECT_VERSION}.jar"
DEMO_DATA="$ROOT/demo-data"
KC_HOME="$DEMO_DATA/keycloak-${KC_VERSION}"

if $build; then
  echo "==> Building keycloak-pat (./mvnw -q -DskipTests -pl pat-provider -am package)"
  ./mvnw -q -DskipTests -pl pat-provider -am package
fi
if [ ! -f "$JAR" ]; then
  echo "No extension jar at $JAR; run ./demo.sh without --no-build" >&2
  exit 1
fi

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "==> Unpacking Keycloak ${KC_VERSION} into $KC_HOME"
  mkdir -p "$DEMO_DATA"
  ARCHIVE="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/${KC_VERSION}/keycloak-quarkus-dist-${KC_VERSION}.tar.gz"
  if [ ! -f "$ARCHIVE" ]; then
    ./mvnw -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:tar.gz" \
      -DoutputDirectory="$DEMO_DATA" -Dmdep.stripVersion=false
    ARCHIVE="$DEMO_DATA/keycloak-quarkus-dist-${KC_VERSION}.tar.gz"
  fi
  tar -xzf "$ARCHIVE" -C "$DEMO_DATA"
  rm -f "$DEMO_DATA/keycloak-quarkus-dist-${KC_VERSION}.tar.gz"
fi

if $fresh; then
  echo "==> Wiping demo data ($KC_HOME/data)"
  rm -rf "$KC_HOME/data"
fi

rm -f "$KC_HOME"/providers/keycloak-pat*.jar
cp "$JAR" "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp "$ROOT/demo/demo-realm.json" "$KC_HOME/data/import/demo-realm.json"

BASE="http://localhost:${PORT}"
cat <<EOF

==> keycloak-pat demo (Keycloak ${KC_VERSION}, extension $(basename "$JAR"))

  Admin console      ${BASE}/admin/            admin / admin
  Account console    ${BASE}/realms/demo/account/   alice / alice, bob / bob
  Token endpoint     ${BASE}/realms/demo/protocol/openid-connect/token
  Introspection      ${BASE}/realms/demo/protocol/openid-connect/token/introspect
                     (client pat-introspector / introspector-secret)
  PAT self-service   ${BASE}/realms/demo/personal-access-tokens
  Gateway check      ${BASE}/realms/demo/personal-access-tokens/check

  Demo logins
    alice / alice    groups platform, data; roles developer, reader
    bob   / bob      group data; role reader

  Try it
    # exchange a PAT for a short-lived access token (client pat-cli, direct grant = PAT authenticator)
    curl -s -d grant_type=password -d client_id=pat-cli -d username=alice -d "password=\$PAT" \\
      ${BASE}/realms/demo/protocol/openid-connect/token
    # introspect a PAT
    curl -s -u pat-introspector:introspector-secret -d "token=\$PAT" \\
      ${BASE}/realms/demo/protocol/openid-connect/token/introspect

  Stop with Ctrl+C. Data is kept in ${KC_HOME}/data (./demo.sh --fresh to reset).

EOF

export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
# declarative-ui: the admin console shows the extension's realm-settings policy tab (experimental in Keycloak 26.7)
exec "$KC_HOME/bin/kc.sh" start-dev --http-port="$PORT" --import-realm --features=declarative-ui
