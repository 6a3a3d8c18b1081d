package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.dl4jlessons.bench.Bench;
import dev.dl4jlessons.runtime.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: the training step and the notebook run, in the line format PyTorch's side prints too. */
@Command(name = "bench", sortOptions = false, description = {
    "Time the lessons' training step (median and 90th percentile after warm-up) and the whole notebook run.",
    "Lines: 'bench model=M batch=B step_us=.. p90_us=..' and 'bench notebook_wall_s=..'. See docs/PERFORMANCE.md."},
        footer = {"", "Exit codes: 0 success; 1 training failed; 2 a bad option (the message names it)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--models", split = ",", paramLabel = "LIST",
            description = "Models to time: the notebook's dropout, batchnorm, combined (batch 10), and the lab-sized "
                    + "digits (64-256-256-10, batch 32) and diabetes (10-50-20-1, batch 10); fashion and fashion-64 "
                    + "(lesson 10's 784-256-256-10 with dropout, batch 256 and 64, on 60,000 rows: also an epoch "
                    + "time, the step's GFLOP/s and ND4J's sgemm rate). Default: the first five.")
    List<String> models = List.of("dropout", "batchnorm", "combined", "digits", "diabetes");

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per step. Default: each model's own.")
    Integer batch;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first, 0..1000000. Default: ${DEFAULT-VALUE}.")
    int warmup = 1000;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps, 10..1000000. Default: ${DEFAULT-VALUE}.")
    int steps = 3000;

    @Option(names = "--sgemm-size", paramLabel = "N", description = "With a fashion model: the side of the square "
            + "float matrices whose product measures this machine's matrix-multiply rate. Default: 1024.")
    int sgemm = 1024;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "Lever: the networks' and data's type, float or "
            + "double. Default: float (the course's).")
    String dtype = "float";

    @Option(names = "--workspaces", paramLabel = "MODE", description = "Lever: ND4J's workspace mode, enabled or "
            + "none. Default: enabled (the course's).")
    String workspaces = "enabled";

    @Option(names = "--soak", paramLabel = "STEPS",
            description = "Instead: train the combined model this many steps (4000..100000000) and print the RSS "
                    + "every 1000 steps.")
    int soak;

    /** Most timed or warm-up steps: the timings of every step are kept. */
    static final int MAX_STEPS = 1_000_000;
    /** Fewest soak steps that give the four RSS samples the growth figure needs. */
    static final int MIN_SOAK = 4000;
    /** Most soak steps. */
    static final int MAX_SOAK = 100_000_000;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InputException(message);
        }
    }

    @Override
    public Integer call() {
        require(steps >= 10 && steps <= MAX_STEPS, "--steps " + steps + ": must be in 10.." + MAX_STEPS);
        require(warmup >= 0 && warmup <= MAX_STEPS, "--warmup " + warmup + ": must be in 0.." + MAX_STEPS);
        boolean large = models.stream().allMatch(m -> m.startsWith("fashion"));
        int most = large ? Bench.FASHION_ROWS : 100;
        require(batch == null || batch >= 2 && batch <= most, "--batch-size " + batch + ": must be in 2.." + most
                + " (the data has " + most + " rows)");
        require(dtype.equals("float") || dtype.equals("double"), "--dtype " + dtype + ": choose float or double");
        require(workspaces.equals("enabled") || workspaces.equals("none"), "--workspaces " + workspaces
                + ": choose enabled or none");
        var levers = new Bench.Levers(dtype.equals("float") ? org.nd4j.linalg.api.buffer.DataType.FLOAT
                : org.nd4j.linalg.api.buffer.DataType.DOUBLE, workspaces.equals("enabled")
                        ? org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED : org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        require(sgemm >= 64 && sgemm <= 8192, "--sgemm-size " + sgemm + ": must be in 64..8192");
        require(soak == 0 || soak >= MIN_SOAK && soak <= MAX_SOAK, "--soak " + soak + ": must be 0 (off) or in "
                + MIN_SOAK + ".." + MAX_SOAK + " (the RSS is sampled every 1000 steps and the first quarter is warm-up)");
        List<Bench.Workload> workloads = models.stream().map(m -> Bench.Workload.of(m).orElseThrow(
                () -> new InputException("--models " + m + ": choose from dropout, batchnorm, combined, digits, "
                        + "diabetes, fashion, fashion-64"))).toList();
        if (soak > 0) {
            List<Double> rss = Bench.soak(soak, 1000, out);
            if (rss.size() >= 4) {
                double warm = rss.get(rss.size() / 4);
                double last = rss.get(rss.size() - 1);
                double max = rss.subList(rss.size() / 4, rss.size()).stream().mapToDouble(Double::doubleValue).max()
                        .orElse(last);
                out.printf(Locale.ROOT, "bench soak_steps=%d rss_after_warmup_mb=%.0f rss_end_mb=%.0f rss_max_mb=%.0f "
                        + "growth_pct=%.1f%n", soak, warm, last, max, 100 * (last - warm) / warm);
            }
            return 0;
        }
        // the notebook run comes first, so it includes loading ND4J and a cold JIT, as a student's run does
        double wall = Bench.notebookWall();
        for (Bench.Workload workload : workloads) {
            int rows = batch != null ? batch : workload.batch();
            var times = Bench.step(workload, rows, warmup, steps, levers);
            out.println(Bench.stepLine(workload, rows, times));
            if (Bench.largeScale(workload)) {
                out.printf(Locale.ROOT, "bench model=%s batch=%d epoch_s=%.2f step_gflops=%.2f best_step_gflops=%.2f%n",
                        workload.label(), rows, Bench.epochSeconds(workload, rows, Math.min(warmup, 20), levers),
                        Bench.fashionStepFlops(rows) / (times.medianUs() * 1e3),
                        Bench.fashionStepFlops(rows) / (times.minUs() * 1e3));
            }
        }
        if (workloads.stream().anyMatch(Bench::largeScale)) {
            out.printf(Locale.ROOT, "bench sgemm_n=%d sgemm_gflops=%.1f%n", sgemm, Bench.sgemmGflops(sgemm, 5));
        }
        out.printf(Locale.ROOT, "bench notebook_wall_s=%.3f%n", wall);
        return 0;
    }
}
