#!/usr/bin/env bash
# What each lever gives at Fashion-MNIST scale: lesson 10's 784-256-256-10 with dropout 0.5 (bench --models fashion)
# under one setting at a time, with PyTorch's same model beside it, all run back to back in each round so that the
# machine's load hits them alike. docs/PERFORMANCE.md ("Levers at this scale") holds a run of it.
#
# Settings: course (the jar as a student runs it); onednn (ND4J's OneDNN build of libnd4j instead of the default one);
# omp-default (OpenMP left at one thread per core instead of the course's one per operation); ws-none (workspaces
# off); double (DOUBLE instead of FLOAT); course-64 and course-1024 (batch 64 and 1024, each beside PyTorch's run at
# that batch); course-again (the course setting once more: how far two runs of the same thing differ).
#
# Needs: the jar (mvn -q package -DskipTests), Debian's PyTorch (apt-get install python3-torch), and for onednn the
# OneDNN build in the local Maven repository:
#   mvn dependency:get -Dartifact=org.nd4j:nd4j-native:1.0.0-M2.1:jar:linux-x86_64-onednn -Dtransitive=false
# Usage: bench/levers.sh [ROUNDS] (default 1). Environment: LEVERS (space-separated subset of the settings above, in
# that order by default), STEPS_ARGS (default "--warmup 20 --steps 50").
# Prints each run's lines prefixed "round=R lever=L", each preceded by "# time load-average lever", then per lever the
# median over rounds of its epoch time and fastest step against the course setting and against PyTorch at the same
# batch, each ratio taken within a round.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
python=${PYTHON:-/usr/bin/python3}
jar=${JAR:-target/dl4j-regularization-lessons.jar}
onednn=${ONEDNN_JAR:-$HOME/.m2/repository/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar}
levers=${LEVERS:-course torch onednn omp-default ws-none double course-64 torch-64 course-1024 torch-1024 course-again}
args=${STEPS_ARGS:---warmup 20 --steps 50}
[ -f "$jar" ] || mvn -q -B package -DskipTests
cp="$jar:$(dirname "$jar")/lib/*"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for ((r = 1; r <= rounds; r++)); do
  for lever in $levers; do
    echo "# $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) $lever" | tee -a "$out" >&2
    # shellcheck disable=SC2086
    case $lever in
      course|course-again) java -jar "$jar" bench --models fashion $args ;;
      torch) "$python" reference/pytorch/bench.py --models fashion $args ;;
      onednn) [ -f "$onednn" ] || { echo "error: $onednn missing; see the header" >&2; exit 2; }
        java -Dorg.bytedeco.javacpp.platform.extension=-onednn -cp "$cp:$onednn" dev.dl4jlessons.cli.Start \
          bench --models fashion $args ;;
      omp-default) java -Dcourse.threads.native=default -jar "$jar" bench --models fashion $args ;;
      ws-none) java -jar "$jar" bench --models fashion --workspaces none $args ;;
      double) java -jar "$jar" bench --models fashion --dtype double $args ;;
      course-64) java -jar "$jar" bench --models fashion-64 $args ;;
      torch-64) "$python" reference/pytorch/bench.py --models fashion-64 $args ;;
      course-1024) java -jar "$jar" bench --models fashion --batch-size 1024 $args ;;
      torch-1024) "$python" reference/pytorch/bench.py --models fashion --batch-size 1024 $args ;;
      *) echo "error: unknown lever $lever" >&2; exit 2 ;;
    esac | grep --line-buffered -v notebook_wall | sed "s/^/round=$r lever=$lever /" | tee -a "$out"
  done
done

# lever -> the setting it is compared with, and the PyTorch run at the same batch
awk '
  /^round=/ { split($1, a, "="); split($2, b, "="); r = a[2]; l = b[2]
              for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "epoch_s") e[r, l] = kv[2]
                                          if (kv[1] == "best_step_gflops") g[r, l] = kv[2] }
              seen[l] = 1; if (r > R) R = r }
  function base(l) { return l ~ /-64$/ ? "course-64" : l ~ /-1024$/ ? "course-1024" : "course" }
  function torch(l) { return l ~ /-64$/ ? "torch-64" : l ~ /-1024$/ ? "torch-1024" : "torch" }
  function median(v, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    printf "%-13s %22s %22s %26s\n", "lever", "epoch / course setting", "epoch / PyTorch", "fastest step time / course"
    for (l in seen) if (l !~ /^torch/) {
      n1 = n2 = n3 = 0; delete x; delete y; delete z
      for (r = 1; r <= R; r++) {
        if (e[r, l] && e[r, base(l)]) x[++n1] = e[r, l] / e[r, base(l)]
        if (e[r, l] && e[r, torch(l)]) y[++n2] = e[r, l] / e[r, torch(l)]
        if (g[r, l] && g[r, base(l)]) z[++n3] = g[r, base(l)] / g[r, l]
      }
      printf "%-13s %22s %22s %26s\n", l, n1 ? sprintf("%.2f", median(x, n1)) : "-",
        n2 ? sprintf("%.2f", median(y, n2)) : "-", n3 ? sprintf("%.2f", median(z, n3)) : "-"
    }
  }' "$out"
