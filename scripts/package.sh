#!/usr/bin/env bash
# Builds what users install, into dist/ (or --out DIR):
#
#   ecli-java-VERSION-linux-ARCH.tar.gz   self-contained, needs only libbpf1: unpack anywhere and
#                                         run ecli-java-VERSION/bin/ecli-java (or unpack into
#                                         /usr/local with --strip-components=1). It is a prefix:
#     bin/ecli-java                       the launcher (scripts/dist/ecli-java)
#     lib/ecli-java/ecli-java.jar         the jar with its dependencies
#     lib/ecli-java/runtime/              a Java runtime made by jlink: no JDK needed
#     lib/ecli-java/ecli-java.aot         the JDK AOT cache of that runtime and jar (faster start)
#     share/ecli-java/                    packages/, examples/, schemas/ (found by name: `ecli-java list`)
#     share/man/man1/ecli-java.1.gz       the manual page, generated from the command model
#     share/bash-completion/completions/ecli-java, share/zsh/vendor-completions/_ecli-java
#   ecli-java_VERSION_ARCH.deb            the same under /usr: /usr/bin/ecli-java; depends on
#                                         libbpf1 and libc6 only
#
# Needs a JDK >= 22 with jlink (scripts/jdk.sh finds one; JDK 25 also makes the AOT cache),
# Maven (unless --jar is given) and dpkg-deb. Takes about half a minute.
# Usage: scripts/package.sh [--jar FILE] [--out DIR]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out="$root/dist"
jar=""
while [ $# -gt 0 ]; do
  case $1 in
    --jar) jar=$(readlink -f "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "package: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
. "$root/scripts/jdk.sh"
for tool in jlink; do
  [ -x "$JAVA_HOME/bin/$tool" ] || { echo "package: $JAVA_HOME has no $tool" >&2; exit 1; }
done
command -v dpkg-deb >/dev/null || { echo "package: dpkg-deb not found (Debian: apt-get install dpkg)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "$jar" ]; then
  echo "package: building the jar" >&2
  (cd "$root" && mvn -q -B -Dmaven.test.skip=true package)
  jar="$root/runner/target/ecli-java.jar"
fi

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
debversion=${version//-/\~}            # 0.1.0-SNAPSHOT sorts before 0.1.0: 0.1.0~SNAPSHOT
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name="ecli-java-$version"
p="$work/$name"
lib="$p/lib/ecli-java"
share="$p/share"
mkdir -p "$p/bin" "$lib" "$share/ecli-java" "$share/man/man1" "$share/bash-completion/completions" \
  "$share/zsh/vendor-completions" "$share/doc/ecli-java"
install -m 755 "$root/scripts/dist/ecli-java" "$p/bin/ecli-java"
install -m 644 "$jar" "$lib/ecli-java.jar"
for d in packages examples schemas; do
  cp -r "$root/$d" "$share/ecli-java/"
done
# Build leftovers (git-ignored): vmlinux.h is made again from the running kernel when needed.
find "$share/ecli-java" -name vmlinux.h -delete
install -m 644 "$root/README.md" "$share/doc/ecli-java/README.md"
cat > "$share/doc/ecli-java/copyright" <<'EOF'
ecli-java: a declarative eBPF runner for the JVM.

lib/ecli-java/ecli-java.jar bundles Jackson, SnakeYAML, networknt json-schema-validator, SLF4J,
picocli, the Apache Kafka client, lz4-java and the Prometheus Java client (Apache-2.0 / MIT). lib/ecli-java/runtime is an
OpenJDK runtime image (GPL-2.0 with the Classpath Exception); its licenses are in
lib/ecli-java/runtime/legal/.
EOF

# The runtime: java.base; jdk.unsupported for sun.misc.Signal (Ctrl-C); java.sql and
# java.logging for Jackson's and SnakeYAML's optional handlers (jdeps also names java.desktop,
# for java.beans, which no code path here reaches); java.management, java.security.sasl and
# java.security.jgss for the Kafka client of --sink (its JMX metrics, its SASL classes);
# jdk.httpserver for the /metrics endpoint of --metrics (Prometheus's client serves on it);
# java.net.http for push, pull and run by OCI reference or URL (the registry client).
echo "package: linking a Java runtime" >&2
"$JAVA_HOME/bin/jlink" \
  --add-modules java.base,jdk.unsupported,java.logging,java.sql,java.management,java.security.sasl,java.security.jgss,jdk.httpserver,java.net.http \
  --strip-debug --no-header-files --no-man-pages --output "$lib/runtime"
rm -f "$lib/runtime/bin/keytool"

# The JDK AOT cache (JDK 24+), made by one training run on the runtime above: a package's
# inspection, or a 1-second run when we may load BPF. It records the jar's size and mtime,
# and works wherever the tree is unpacked.
java=("$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC
  -Decli.home="$share/ecli-java")
first=$(find "$share/ecli-java/packages" -mindepth 2 -maxdepth 2 -name 'package.*' -printf '%h\n' | sort | head -1)
train=(inspect "$first")
if [ "$(id -u)" -eq 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
  train=(__train "$first" 1)
fi
if "${java[@]}" -XX:AOTCacheOutput="$lib/ecli-java.aot" -jar "$lib/ecli-java.jar" "${train[@]}" \
    >/dev/null 2>"$work/aot.log"; then
  java+=(-XX:AOTCache="$lib/ecli-java.aot")
else
  echo "package: no AOT cache (needs JDK 25): $(tail -1 "$work/aot.log")" >&2
  rm -f "$lib/ecli-java.aot" "$lib/ecli-java.aot.config"
fi
rm -f "$lib/ecli-java.aot.config"

# Man page and completion, from the command model.
"${java[@]}" -jar "$lib/ecli-java.jar" __man | gzip -9n > "$share/man/man1/ecli-java.1.gz"
"${java[@]}" -jar "$lib/ecli-java.jar" completion bash > "$share/bash-completion/completions/ecli-java"
"${java[@]}" -jar "$lib/ecli-java.jar" completion zsh > "$share/zsh/vendor-completions/_ecli-java"
# The launcher works from the tree, or the tarball and package would not either.
"$p/bin/ecli-java" list >/dev/null

chmod -R u=rwX,go=rX "$p"
deb="$work/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr"
cp -a "$p/." "$deb/usr/"
(cd "$deb" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$deb/DEBIAN/md5sums"
cat > "$deb/DEBIAN/control" <<EOF
Package: ecli-java
Version: $debversion
Architecture: $arch
Maintainer: ecli-java developers <ecli-java@localhost>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: libbpf1, libc6
Suggests: clang, llvm, bpftool, libbpf-tools
Section: utils
Priority: optional
Description: declarative eBPF runner for the JVM
 ecli-java runs eBPF packages (a compiled .bpf.o plus a small manifest): it reads
 the object's BTF to learn the layout of the events, loads and attaches the programs
 through libbpf, and prints every event as a table row, JSON or YAML. No code is
 written for a program. Bundles its own Java runtime; ships packages under
 /usr/share/ecli-java, run by name ('ecli-java list').
EOF
# Both archives at once. The .deb is zstd (dpkg reads it since Debian 12, as old as libbpf1;
# xz would take a minute for what the runtime weighs); the tarball is gzip, for any tar.
tarball="$out/$name-linux-$arch.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name" &
debfile="$out/ecli-java_${debversion}_$arch.deb"
dpkg-deb --root-owner-group -Zzstd --build "$deb" "$debfile" >/dev/null
wait $!
echo "package: $tarball" >&2
echo "package: $debfile" >&2
