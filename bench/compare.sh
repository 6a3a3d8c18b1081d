#!/usr/bin/env bash
# Java (this course) against PyTorch (the seed notebook) on this machine, side by side in one run.
#
# Each round runs, interleaved so that machine noise hits both sides alike:
#   - the step benchmark of each side:   java -jar ... bench        and  reference/pytorch/bench.py
#   - the whole notebook as a process:   java -jar ... (3 lessons)  and  reference/pytorch/notebook.py
#     under /usr/bin/time, for wall time and peak RSS.
# It prints the median of each figure over the rounds and the ratio Java / PyTorch (below 1.0: Java is faster
# or leaner).
#
# Needs: a JDK 17, Maven (to build the jar if missing), GNU time (apt-get install time) and Debian's PyTorch
# (apt-get install python3-torch; run with /usr/bin/python3).
# Usage: bench/compare.sh [ROUNDS]   (default 5). JAVA_OPTS replaces the JVM flags of every java run; the
# default is the course's own, as in .mvn/jvm.config: -XX:+UseParallelGC -Xmx512m (JAVA_OPTS= for none).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
python=${PYTHON:-/usr/bin/python3}
jar=target/dl4j-regularization-lessons.jar
java_opts=${JAVA_OPTS--XX:+UseParallelGC -Xmx512m}

[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; apt-get install time" >&2; exit 2; }
"$python" -c "import torch" 2>/dev/null || {
  echo "error: $python cannot import torch; apt-get install python3-torch" >&2; exit 2; }
[ -f "$jar" ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds" >&2
  # shellcheck disable=SC2086
  java $java_opts -jar "$jar" bench >>"$work/java.bench"
  "$python" reference/pytorch/bench.py >>"$work/torch.bench"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/t" java $java_opts -jar "$jar" >/dev/null; cat "$work/t" >>"$work/java.proc"
  /usr/bin/time -f "%e %M" -o "$work/t" "$python" reference/pytorch/notebook.py >/dev/null
  cat "$work/t" >>"$work/torch.proc"
done

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
field() { # file, line filter, key
  grep "$2" "$1" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2 | median
}
row() { # label, java value, torch value
  awk -v l="$1" -v j="$2" -v t="$3" 'BEGIN {printf "%-34s %12.3f %12.3f %8.2f\n", l, j, t, j / t}'
}

printf "%-34s %12s %12s %8s\n" "median of $rounds rounds" "Java" "PyTorch" "ratio"
for model in dropout batchnorm combined; do
  row "step_us $model (batch 10)" "$(field "$work/java.bench" "model=$model " step_us)" \
    "$(field "$work/torch.bench" "model=$model " step_us)"
  row "p90_us $model (batch 10)" "$(field "$work/java.bench" "model=$model " p90_us)" \
    "$(field "$work/torch.bench" "model=$model " p90_us)"
done
row "notebook_wall_s (in process)" "$(field "$work/java.bench" notebook_wall_s notebook_wall_s)" \
  "$(field "$work/torch.bench" notebook_wall_s notebook_wall_s)"
row "notebook process wall s" "$(cut -d' ' -f1 "$work/java.proc" | median)" "$(cut -d' ' -f1 "$work/torch.proc" | median)"
row "notebook process peak RSS MB" "$(cut -d' ' -f2 "$work/java.proc" | median | awk '{print $1 / 1024}')" \
  "$(cut -d' ' -f2 "$work/torch.proc" | median | awk '{print $1 / 1024}')"
