# Sourced by ./mvnw and ./framebus (POSIX sh). Finds a JDK >= 25 and exports JAVA_HOME.
#
# Order: $JAVA_HOME, the `java` on PATH, then the usual install locations
# (/usr/lib/jvm, /opt/java, /usr/local, ~/.sdkman, ~/.jdks). Stops with a clear message
# naming what it found when no JDK 25 exists.

framebus_jdk_major() { # $1 = JDK home; prints its feature version or nothing
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

framebus_find_jdk() {
  found_desc=""
  case $- in *f*) framebus_noglob=1; set +f ;; *) framebus_noglob=0 ;; esac
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} \
      "$(java_bin=$(command -v java 2>/dev/null) && dirname "$(dirname "$(readlink -f "$java_bin")")")" \
      /usr/lib/jvm/* /opt/java/* /usr/local/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(framebus_jdk_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      [ "$framebus_noglob" = 0 ] || set -f
      return 0
    fi
    [ -n "$found_desc" ] || found_desc="JDK $major at $candidate"
  done
  [ "$framebus_noglob" = 0 ] || set -f
  {
    echo "framebus needs a JDK 25 or newer (it uses the final java.lang.foreign API and --release 25)."
    if [ -n "$found_desc" ]; then echo "Found only: $found_desc."; else echo "Found no JDK at all."; fi
    echo "Install one, for example Eclipse Temurin 25 (https://adoptium.net/temurin/releases/?version=25,"
    echo "or 'apt-get install temurin-25-jdk' from packages.adoptium.net), then run this again or set JAVA_HOME to it."
  } >&2
  return 1
}

framebus_find_jdk || exit 1
