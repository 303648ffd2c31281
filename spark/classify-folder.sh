#!/usr/bin/env bash
# Classify Folder as an Apache Spark job (docs/spark.md), from a clone:
#   spark/classify-folder.sh --master <url> --input <dir> --output <csv> [--model <zip>] [--mirror] [--shift]
#                            [--top N] [--recursive] [--filter <glob>] [--partitions N] [--conf key=value]
# Builds the plugin jar and the job jar when missing or older than their sources, then submits the job
# with Spark's own SparkSubmit, on Spark's class path from Maven: --master local[*] needs nothing
# installed; --master spark://host:7077 submits to that standalone cluster (Spark 3.5, Scala 2.12).
# Environment: MVN (default mvn), JAVA (default java), DRIVER_MEMORY (default 2g).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(dirname "$here")"
mvn="${MVN:-mvn}"
java="${JAVA:-java}"
version=0.1.0
plugin_jar="$top/target/CNN_Classifier-$version.jar"
job_jar="$here/target/CNN_Classifier-spark-$version-job.jar"
classpath_files=("$here/target/spark-classpath.txt" "$here/target/spark-classpath-shared.txt")

master=""
args=()
while (($#)); do
  case "$1" in
    --master) master="${2:?--master needs a URL: local[*] or spark://host:7077}"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z "$master" ]]; then
  echo "[ERROR] Give the Spark master: --master local[*] or --master spark://host:7077." >&2
  exit 1
fi

stale() { # stale <file> <path>...: the file is missing or older than a file under the paths
  local target="$1"; shift
  [[ ! -f "$target" ]] || [[ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]]
}
if stale "$plugin_jar" "$top/src/main" "$top/pom.xml" "$top/plugins.config"; then
  echo "Building the plugin jar ..." >&2
  (cd "$top" && "$mvn" -B -q -DskipTests -DskipFijiZips package) >&2
fi
if stale "$job_jar" "$here/src/main" "$here/pom.xml" "$plugin_jar" || [[ ! -f "${classpath_files[1]}" ]]; then
  echo "Building the Spark job jar ..." >&2
  (cd "$here" && "$mvn" -B -q -DskipTests package) >&2
fi
cp=""
for f in "${classpath_files[@]}"; do cp="$cp${cp:+:}$(cat "$f")"; done

# Java 17: Spark 3.5 reaches into these JDK internals (the same list as spark/pom.xml's spark.opens).
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
# A local master needs no network address: bind to loopback (else Spark warns on hosts whose name
# resolves to 127.0.0.1, before any line of the job's). A cluster's driver keeps Spark's choice.
if [[ "$master" == local* && -z "${SPARK_LOCAL_IP:-}" ]]; then
  export SPARK_LOCAL_IP=127.0.0.1
fi
# Class-data sharing: the driver's classes (Spark's, ND4J's, the plugin's) are read from an archive the
# first run writes (at its exit, about 80 MB in spark/target), which cuts Spark's and ND4J's start by about
# a second (docs/spark.md). Rewritten when the jars change; CDS=off runs without it.
cds=()
archive="$here/target/spark-driver.jsa"
if [[ "${CDS:-on}" != off ]]; then
  if stale "$archive" "$job_jar" "${classpath_files[@]}"; then
    rm -f "$archive"
    cds=(-XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
fi
status=0
"$java" -Xmx"${DRIVER_MEMORY:-2g}" -Djava.awt.headless=true "${cds[@]}" "${opens[@]}" -cp "$cp" \
  org.apache.spark.deploy.SparkSubmit --master "$master" --class org.cnnclassifier.spark.ClassifyFolderJob \
  "$job_jar" "${args[@]}" || status=$?
# Moved into place whole, so that a run beside this one never maps a half-written archive.
if [[ -f "$archive.$$" ]]; then
  if ((status == 0)); then mv -f "$archive.$$" "$archive"; else rm -f "$archive.$$"; fi
fi
exit "$status"
