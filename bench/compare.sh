#!/usr/bin/env bash
# Java (this course) against PyTorch (the seed notebook) on this machine, side by side in one run.
#
# Each round runs, interleaved so that machine noise hits both sides alike:
#   - the step benchmark of each side:   java -jar ... bench        and  reference/pytorch/bench.py
#   - the whole notebook as a process:   java -jar ... (3 lessons)  and  reference/pytorch/notebook.py
#     under /usr/bin/time, for wall time and peak RSS.
# For each figure it prints the median of each side over the rounds, then the ratio Java / PyTorch computed round by
# round (each round's pair ran back to back): its median and, in brackets, its smallest and largest value, which say
# how noisy the machine was. Below 1.0: Java is faster or leaner.
#
# Needs: a JDK 17, Maven (to build the jar if missing), GNU time (apt-get install time) and Debian's PyTorch
# (apt-get install python3-torch; run with /usr/bin/python3).
# Usage: bench/compare.sh [ROUNDS]   (default 5). Environment:
#   JAVA_OPTS   JVM flags of every java run; default none, as a student types it (the jar then relaunches itself
#               with the course's flags, see docs/PERFORMANCE.md)
#   JAR         the jar to measure; default target/dl4j-regularization-lessons.jar
#   BENCH_ARGS  extra arguments for both step benchmarks, e.g. "--steps 1000 --models dropout,combined"
#   FASHION_ARGS arguments of both sides' Fashion-MNIST-scale run (lesson 10's 784-256-256-10 with dropout, batch 256
#               and 64, on 60,000 rows: step time, one whole epoch, the step's GFLOP/s, and each side's own sgemm
#               rate on 1024×1024 floats); default "--models fashion,fashion-64 --warmup 20 --steps 100";
#               FASHION_ARGS=none leaves that run out. GFLOP/s ratios above 1.0 mean Java is faster.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
python=${PYTHON:-/usr/bin/python3}
jar=${JAR:-target/dl4j-regularization-lessons.jar}
java_opts=${JAVA_OPTS:-}
bench_args=${BENCH_ARGS:-}
fashion_args=${FASHION_ARGS:---models fashion,fashion-64 --warmup 20 --steps 100}

[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; apt-get install time" >&2; exit 2; }
"$python" -c "import torch" 2>/dev/null || {
  echo "error: $python cannot import torch; apt-get install python3-torch" >&2; exit 2; }
[ -f "$jar" ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds" >&2
  # shellcheck disable=SC2086
  java $java_opts -jar "$jar" bench $bench_args | sed "s/^/round=$r /" >>"$work/java.bench"
  # shellcheck disable=SC2086
  "$python" reference/pytorch/bench.py $bench_args | sed "s/^/round=$r /" >>"$work/torch.bench"
  if [ "$fashion_args" != none ]; then
    # shellcheck disable=SC2086
    # (their notebook_wall_s lines are the first invocation's figure measured again: left out, one per round)
    java $java_opts -jar "$jar" bench $fashion_args | grep -v notebook_wall_s | sed "s/^/round=$r /" \
      >>"$work/java.bench"
    # shellcheck disable=SC2086
    "$python" reference/pytorch/bench.py $fashion_args | grep -v notebook_wall_s | sed "s/^/round=$r /" \
      >>"$work/torch.bench"
  fi
  # shellcheck disable=SC2086
  /usr/bin/time -f "round=$r wall=%e rss_kb=%M" -a -o "$work/java.proc" java $java_opts -jar "$jar" >/dev/null
  /usr/bin/time -f "round=$r wall=%e rss_kb=%M" -a -o "$work/torch.proc" "$python" reference/pytorch/notebook.py \
    >/dev/null
done

# value of KEY on each round's line matching FILTER, one "round value" per line
values() { grep -- "$2" "$1" | tr ' ' '\n' | grep -E "^(round|$3)=" | cut -d= -f2 | paste - - ; }
row() { # label, java file, torch file, filter, key, scale
  join <(values "$2" "$4" "$5" | sort) <(values "$3" "$4" "$5" | sort) | awk -v l="$1" -v s="${6:-1}" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { n++; j[n] = $2 * s; t[n] = $3 * s; r[n] = $2 / $3; lo = (n == 1 || r[n] < lo) ? r[n] : lo; hi = (r[n] > hi) ? r[n] : hi }
    END { if (n) printf "%-34s %12.3f %12.3f %8.2f  [%.2f-%.2f] n=%d\n", l, median(j, n), median(t, n), median(r, n), lo, hi, n }'
}

printf "%-34s %12s %12s %8s  %s\n" "median of $rounds rounds" "Java" "PyTorch" "ratio" "[ratio min-max]"
for model in dropout batchnorm combined digits diabetes fashion fashion-64; do
  grep -q "model=$model .*step_us=" "$work/java.bench" || continue
  row "step_us $model" "$work/java.bench" "$work/torch.bench" "model=$model .*step_us=" step_us
  row "p90_us $model" "$work/java.bench" "$work/torch.bench" "model=$model .*p90_us=" p90_us
  grep -q "model=$model .*epoch_s=" "$work/java.bench" || continue
  row "epoch_s $model" "$work/java.bench" "$work/torch.bench" "model=$model .*epoch_s=" epoch_s
  row "step_gflops $model" "$work/java.bench" "$work/torch.bench" "model=$model .*step_gflops=" step_gflops
  row "best_step_gflops $model" "$work/java.bench" "$work/torch.bench" "model=$model .*best_step_gflops=" \
    best_step_gflops
done
if grep -q "sgemm_gflops=" "$work/java.bench"; then
  row "sgemm_gflops (own BLAS, 1 thread)" "$work/java.bench" "$work/torch.bench" "sgemm_gflops=" sgemm_gflops
fi
row "notebook_wall_s (in process)" "$work/java.bench" "$work/torch.bench" notebook_wall_s notebook_wall_s
row "notebook process wall s" "$work/java.proc" "$work/torch.proc" wall= wall
row "notebook process peak RSS MB" "$work/java.proc" "$work/torch.proc" rss_kb= rss_kb 0.0009765625
