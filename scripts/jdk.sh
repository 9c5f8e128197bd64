# Sourced by the launcher and scripts: sets JAVA_HOME to a JDK >= 22 (FFM is final there).
# Looks at $JAVA_HOME first, then /usr/lib/jvm/*, reading each JDK's `release` file (no JVM start).
ecli_find_jdk() {
  local cand ver
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -r "$cand/release" ] || continue
    ver=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release")
    if [ -n "$ver" ] && [ "$ver" -ge 22 ]; then
      echo "$cand"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(ecli_find_jdk); then
  echo "ecli-java: no JDK 22 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. Temurin 25" >&2
  exit 3
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
