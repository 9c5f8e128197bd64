# Sourced by the launcher and scripts: sets JAVA_HOME to a JDK >= 22 (FFM is final there).
# Looks at $JAVA_HOME first, then /usr/lib/jvm/*, reading each JDK's `release` file. Bash
# builtins only (no JVM start, no subshell): the launcher pays for this on every start.
ecli_find_jdk() {
  local cand line ver
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -z "$cand" ] || [ ! -x "$cand/bin/java" ] || [ ! -r "$cand/release" ]; then
      continue
    fi
    ver=
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) ver=${line#JAVA_VERSION=\"}; ver=${ver%%[!0-9]*}; break ;;
      esac
    done < "$cand/release"
    if [ -n "$ver" ] && [ "$ver" -ge 22 ]; then
      ecli_jdk=$cand
      return 0
    fi
  done
  return 1
}
if ! ecli_find_jdk; then
  echo "ecli-java: no JDK 22 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. Temurin 25" >&2
  exit 3
fi
JAVA_HOME=$ecli_jdk
unset ecli_jdk
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
