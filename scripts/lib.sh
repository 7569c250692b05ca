# Shared by the scripts: the project root, the JVM flags Spark needs on Java 17, loopback binding,
# and a class path that is (re)built when the sources are newer than it. Sourced, not run.
SPARKNODES_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SPARK_LOCAL_IP=127.0.0.1
# One flag per line in conf/jvm-options (org.apache.spark.launcher.JavaModuleOptions; a test checks them).
mapfile -t SPARKNODES_JVM_FLAGS < "$SPARKNODES_HOME/conf/jvm-options"

# Sets SPARKNODES_CP (the project's classes, as a jar, and the Maven class path) and SPARKNODES_DEPS_CP (the
# Maven class path alone: Spark and the project's dependencies). SPARKNODES_CLASSPATH, when set, is
# taken as the Maven class path as it is, and nothing is built (the integration tests use it).
sparknodes_build() {
  local cp_file="$SPARKNODES_HOME/target/classpath.txt"
  if [ -n "${SPARKNODES_CLASSPATH:-}" ]; then
    SPARKNODES_DEPS_CP="$SPARKNODES_CLASSPATH"
    SPARKNODES_CP="$SPARKNODES_HOME/target/classes:$SPARKNODES_DEPS_CP"
    return
  fi
  if [ ! -f "$cp_file" ] || [ ! -d "$SPARKNODES_HOME/target/classes" ] \
     || [ -n "$(find "$SPARKNODES_HOME/src/main" "$SPARKNODES_HOME/pom.xml" -newer "$cp_file" -print -quit)" ]; then
    echo "building (mvn compile) ..." >&2
    (cd "$SPARKNODES_HOME" && mvn -q -B -DskipTests compile dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) >&2
    touch "$cp_file"
  fi
  SPARKNODES_DEPS_CP="$(cat "$cp_file")"
  # The project's classes in a jar, not the folder, so that the sweep's JVMs can share a class-data
  # archive (HotSpot archives no class from a folder; see tuning.ClassDataArchive).
  local jar="$SPARKNODES_HOME/target/sparknodes-classes.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$SPARKNODES_HOME/target/classes" -newer "$jar" -print -quit)" ]; then
    rm -f "$jar.tmp"
    if command -v jar >/dev/null 2>&1 && jar --create --file "$jar.tmp" -C "$SPARKNODES_HOME/target/classes" . >&2; then
      mv -f "$jar.tmp" "$jar"
    else
      rm -f "$jar.tmp" "$jar"
    fi
  fi
  if [ -f "$jar" ]; then
    SPARKNODES_CP="$jar:$SPARKNODES_DEPS_CP"
  else
    SPARKNODES_CP="$SPARKNODES_HOME/target/classes:$SPARKNODES_DEPS_CP"
  fi
}

# Sets SPARKNODES_APP_JAR: the application jar for spark-submit, (re)built by `mvn package` when the
# sources are newer than it. SPARKNODES_APP_JAR, when set, is taken as it is.
sparknodes_app_jar() {
  if [ -n "${SPARKNODES_APP_JAR:-}" ]; then
    return
  fi
  local jar
  jar="$(ls "$SPARKNODES_HOME"/target/sparknodes-*-app.jar 2>/dev/null | head -n 1 || true)"
  if [ -z "$jar" ] || [ -n "$(find "$SPARKNODES_HOME/src/main" "$SPARKNODES_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "building the app jar (mvn package) ..." >&2
    (cd "$SPARKNODES_HOME" && mvn -q -B -DskipTests package) >&2
    jar="$(ls "$SPARKNODES_HOME"/target/sparknodes-*-app.jar | head -n 1)"
  fi
  SPARKNODES_APP_JAR="$jar"
}

# Runs a main class of the project with the flags Spark needs and the project's logging, in the caller's
# directory (the user's relative paths are theirs); every path of the project it gets is absolute, and
# sparknodes.home names the project (the CLI's defaults that live in it: conf/grid-seed.json).
sparknodes_java() {
  sparknodes_build
  java "${SPARKNODES_JVM_FLAGS[@]}" ${SPARKNODES_JAVA_OPTS:-} \
    -Djava.awt.headless=true -Dsparknodes.home="$SPARKNODES_HOME" \
    -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -Dlog4j2.configurationFile="$SPARKNODES_HOME/conf/log4j2.properties" \
    -cp "$SPARKNODES_CP" "$@"
}
