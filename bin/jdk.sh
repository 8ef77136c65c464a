# Sourced by bin/conv4j and bin/test: selects a JDK with the Vector API (25 or newer).
# CONV4J_JAVA_HOME wins; then Temurin 25 where this project's machines keep it; then JAVA_HOME.
conv4j_select_jdk() {
  local candidate
  for candidate in "${CONV4J_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] \
       && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "conv4j needs JDK 25 or newer (Vector API); set CONV4J_JAVA_HOME to one" >&2
  return 1
}
