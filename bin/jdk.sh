# Sourced by bin/conv4j, bin/bench-vs-tf and bin/test: selects a JDK with the Vector API (25 or newer).

# Reads the JDK's release file (every JDK since 9 has one) rather than starting a JVM for
# `java -version`, which costs a one-off command a tenth of a second.
conv4j_is_jdk25() {
  if [ -f "$1/release" ]; then
    grep -Eq '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'
  fi
}

# CONV4J_JAVA_HOME wins; then Temurin 25 where this project's machines keep it; then JAVA_HOME.
conv4j_select_jdk() {
  local candidate
  for candidate in "${CONV4J_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && conv4j_is_jdk25 "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "conv4j needs JDK 25 or newer (Vector API); set CONV4J_JAVA_HOME to one" >&2
  return 1
}

# Sets CONV4J_ALIGNMENT to the JVM options that place every object on a 64-byte boundary
# (CONV4J_OBJECT_ALIGNMENT bytes: 16 to 256; 8, the JVM's default, for none) and say so to conv4j
# (the system property conv4j.objectAlignment), so that its kernels start their vector loads and
# stores on cache-line boundaries (ArrayAlignment in conv4j-core). The JDK's class-data archive is
# built for 8 bytes and a JVM aligned otherwise refuses it and starts some 40 ms slower, so an
# archive is dumped into the directory $1, once per JDK and per set of the JVM's module options
# (the rest of the arguments: the archive records them, and a JVM given others would not use all of
# it), in under a second; the options are given only with it, and with the JVM's messages about it
# silenced, as they would go to standard output.
conv4j_alignment_options() {
  local dir="$1"
  shift
  local bytes="${CONV4J_OBJECT_ALIGNMENT:-64}"
  CONV4J_ALIGNMENT=()
  case "$bytes" in
    16|32|64|128|256) ;;
    *) return 0 ;;
  esac
  local archive="$dir/conv4j-align$bytes-$(echo "$*" | cksum | cut -d' ' -f1).jsa"
  if [ ! -f "$archive" ] || [ "$JAVA_HOME/lib/modules" -nt "$archive" ]; then
    if "$JAVA_HOME/bin/java" "$@" -XX:ObjectAlignmentInBytes="$bytes" -Xshare:dump \
         -XX:SharedArchiveFile="$archive.$$" >/dev/null 2>&1; then
      mv -f "$archive.$$" "$archive"
    else
      rm -f "$archive.$$"
    fi
  fi
  if [ -f "$archive" ]; then
    CONV4J_ALIGNMENT=(-XX:ObjectAlignmentInBytes="$bytes" "-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off"
                      "-Xlog:aot*=off" -Dconv4j.objectAlignment="$bytes")
  fi
}
