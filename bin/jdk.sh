# Sourced by bin/conv4j and bin/test: selects a JDK with the Vector API (25 or newer).

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
