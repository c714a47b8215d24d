#!/bin/bash
# Java 21 for the cold-start bench on a Debian 12 machine, whose own packages stop at Java 17: Debian 13's OpenJDK 21,
# unpacked (not installed) into /opt/jdk21 with Debian 13's C library beside it in /opt/jdk21/sysroot, its programs
# pointed at that library. Nothing of the system is installed or upgraded. Needs Debian's package mirrors only.
# It is Debian's build of OpenJDK 21, not Corretto (Lambda's): the same HotSpot, another vendor's build.
set -euo pipefail
target=${1:-/opt/jdk21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apt_dir=$work/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$work/deb"
cat > "$apt_dir/sources.list" <<'SOURCES'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security trixie-security main
SOURCES
apt_options=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
apt-get "${apt_options[@]}" update
cd "$work/deb"
apt-get "${apt_options[@]}" download openjdk-21-jre-headless openjdk-21-jdk-headless libc6
# patchelf from the machine's own release (it runs with the machine's C library)
apt-get download patchelf || { apt-get update && apt-get download patchelf; }
mkdir -p jdk libc patchelf
dpkg-deb -x openjdk-21-jre-headless_*.deb jdk
dpkg-deb -x openjdk-21-jdk-headless_*.deb jdk
dpkg-deb -x libc6_*.deb libc
dpkg-deb -x patchelf_*.deb patchelf
rm -rf "$target"
mkdir -p "$target"
cp -a jdk/usr/lib/jvm/java-21-openjdk-amd64/. "$target/"
# Debian keeps the JDK's configuration in /etc: copy what the links point to
find "$target" -type l -lname '/etc/java-21-openjdk/*' | while read -r link; do
  to=$(readlink "$link"); rm "$link"; cp "jdk$to" "$link"
done
mkdir -p "$target/sysroot"
cp -a libc/usr/lib/x86_64-linux-gnu "$target/sysroot/"
sysroot=$target/sysroot/x86_64-linux-gnu
run_patchelf() {
  patchelf/usr/bin/patchelf "$@"
}
find "$target" -path "$target/sysroot" -prune -o -type f -print | while read -r file; do
  run_patchelf --print-interpreter "$file" >/dev/null 2>&1 || continue
  run_patchelf --set-interpreter "$sysroot/ld-linux-x86-64.so.2" --force-rpath \
    --set-rpath "$sysroot:\$ORIGIN:\$ORIGIN/../lib" "$file"
done
"$target/bin/java" -version
