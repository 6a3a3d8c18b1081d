package dev.dl4jlessons.lessons.papers;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.papers.PaperModels.Order;
import dev.dl4jlessons.lessons.papers.Results.Hold;
import dev.dl4jlessons.lessons.papers.Results.Verdict;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Lesson 11: the papers, reproduced. Reruns the central figures of the dropout paper (Srivastava et al., 2014) and
 * the batch-norm paper (Ioffe and Szegedy, 2015), and Li et al.'s (2019) variance shift, on Fashion-MNIST at a
 * reduced scale, over seeds; prints each beside the paper's setting and numbers with whether the claim held, and
 * draws each picture. Guide: {@code lessons/11-the-papers.md}; options come from the {@code papers} command.
 */
public final class PapersLesson {
    /** The lesson's name on the command line. */
    public static final String NAME = "papers";
    /** Its place in the syllabus: guide 11. */
    public static final int ORDER = 110;

    /** Results already computed in this JVM, so that the guide's runs and the pictures train once. */
    private static final Map<String, Object> DONE = new ConcurrentHashMap<>();

    private PapersLesson() {
    }

    /**
     * What to run.
     *
     * @param figures the figures, in order
     * @param scale   their sizes and seeds
     * @param data    the folder of the four Fashion-MNIST files
     * @param out     the folder the pictures go to
     */
    public record Run(List<Figure> figures, Scale scale, Path data, Path out) {
        /** Immutable copy. */
        public Run {
            figures = List.copyOf(figures);
        }
    }

    /**
     * One figure's outcome.
     *
     * @param result   the experiment's record ({@link Results})
     * @param verdicts the paper's claims against ours
     * @param seconds  wall time of its training, 0 when this JVM had it already
     */
    public record Outcome(Figure figure, Results.Measured result, List<Verdict> verdicts, double seconds) {
    }

    /** Runs the lesson's {@code papers} command: {@code papers [FIGURE...] [--quick] ...}. */
    public static void main(String[] args) {
        Launcher.lesson(NAME, args);
    }

    /**
     * Runs every figure of {@code run}, prints its setting, table and verdicts to {@code out} and its wall time to
     * {@code err}, writes its picture, and closes with one line per claim.
     */
    public static List<Outcome> run(Run run, PrintStream out, PrintStream err) {
        var data = PaperData.read(run.data());
        List<Outcome> outcomes = new ArrayList<>();
        for (Figure figure : run.figures()) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Outcome o = measure(figure, data, run.scale());
            outcomes.add(o);
            report(o, run.scale(), data, out);
            byte[] png = picture(o);
            AtomicFiles.write(run.out().resolve(figure.picture()), s -> s.write(png));
            out.println("picture: " + figure.picture());
            out.println();
            err.printf(Locale.ROOT, "%s: %.0f s wall, load average %.1f at the start%n", figure.command(), o.seconds(),
                    load);
        }
        out.println("== what held (" + run.scale().name() + " size, " + run.scale().seeds() + " seeds)");
        for (Outcome o : outcomes) {
            for (Verdict v : o.verdicts()) {
                out.printf(Locale.ROOT, "%-17s %-4s %s: paper %s; ours %s%n", o.figure().command(), v.held() ? "held"
                        : "NOT", v.claim(), v.paper(), v.ours());
            }
        }
        return outcomes;
    }

    /** Runs one figure's experiment (or takes it from this JVM's earlier run of the same figure, size and data). */
    public static Outcome measure(Figure figure, PaperData data, Scale scale) {
        String key = figure + "|" + scale + "|" + data.source().toAbsolutePath();
        long start = System.nanoTime();
        boolean[] fresh = {false};
        Results.Measured result = (Results.Measured) DONE.computeIfAbsent(key, k -> {
            fresh[0] = true;
            return switch (figure) {
                case BN_FIGURE1 -> Experiments.bnFigure1(data, scale);
                case DROPOUT_FEATURES -> Experiments.autoencoder(data, scale);
                case RETAIN -> Experiments.retain(data, scale);
                case DATA_SIZE -> Experiments.dataSize(data, scale);
                case VARIANCE_SHIFT -> Experiments.varianceShift(data, scale);
            };
        });
        return new Outcome(figure, result, verdicts(result), fresh[0] ? (System.nanoTime() - start) / 1e9 : 0);
    }

    private static List<Verdict> verdicts(Object result) {
        return ((Results.Measured) result).verdicts();
    }

    /** The figure's picture as PNG bytes. */
    public static byte[] picture(Outcome o) {
        Object r = o.result();
        if (r instanceof Results.BnFigure1 b) {
            return PaperCharts.bnFigure1(b);
        } else if (r instanceof Results.Autoencoder a) {
            return PaperCharts.autoencoder(a);
        } else if (r instanceof Results.Retain p) {
            return PaperCharts.retain(p);
        } else if (r instanceof Results.DataSize d) {
            return PaperCharts.dataSize(d);
        }
        return PaperCharts.varianceShift((Results.VarianceShift) r);
    }

    /** Set to {@code true} to redraw the guide's pictures from fresh default-size runs in {@link #pictures}. */
    public static final String REDRAW = "course.papers.pictures";

    /**
     * Every picture of the guide, by its file under {@code img}: what the {@code notebook} command writes to
     * {@code lessons/img/}. They come from the guide's default-size runs on the whole of Fashion-MNIST (minutes,
     * and Debian's package), so, as lesson 10's, they are redrawn only when {@value #REDRAW} is {@code true};
     * otherwise the committed files are kept as they are. {@code PapersFullTest} (profile papers) checks that a fresh
     * run draws each at the committed size.
     */
    public static Map<Path, byte[]> pictures(Path img) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        if (Boolean.getBoolean(REDRAW)) {
            var data = PaperData.read(FashionMnist.locate(null));
            for (Figure f : Figure.values()) {
                files.put(img.resolve(f.picture()), picture(measure(f, data, Scale.DEFAULT)));
            }
            return files;
        }
        for (Figure f : Figure.values()) {
            Path file = img.resolve(f.picture());
            try {
                files.put(file, java.nio.file.Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("the papers lesson's picture " + file + " is missing; draw "
                        + "it with -D" + REDRAW + "=true", e);
            }
        }
        return files;
    }

    // ------------------------------------------------------------------------------------------------ notebook

    /** The figure the notebook reruns: the one that measures what lessons 3 and 6 say about the layers' order. */
    public static final Figure NOTEBOOK_FIGURE = Figure.VARIANCE_SHIFT;

    /** The committed Fashion-MNIST sample the notebook's cell reads, under {@code test-data/}. */
    public static final String NOTEBOOK_SAMPLE = "fashion-mnist-sample";

    /**
     * The notebook's papers cell: {@link #NOTEBOOK_FIGURE} at the tests' size ({@link Scale#QUICK}) on the committed
     * sample, so that the cell takes seconds; {@link #notebookRun} runs the same steps for the generated outputs.
     */
    public static String notebookCell() {
        // single-type imports: they win over any earlier cell's import of a package with a type of the same name
        return "import dev.dl4jlessons.lessons.papers.Figure;\n"
                + "import dev.dl4jlessons.lessons.papers.PaperData;\n"
                + "import dev.dl4jlessons.lessons.papers.PapersLesson;\n"
                + "import dev.dl4jlessons.lessons.papers.Scale;\n"
                + "import dev.dl4jlessons.runtime.ProjectFiles;\n"
                + "import dev.dl4jlessons.harness.Charts;\n"
                + "dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs\n\n"
                + "// the tests' size on the committed 2,000/500-image sample: seconds, where the guide's run takes minutes\n"
                + "var sample = PaperData.read(ProjectFiles.testData(\"" + NOTEBOOK_SAMPLE + "\"));\n"
                + "var shift = PapersLesson.measure(Figure." + NOTEBOOK_FIGURE.name() + ", sample, Scale.QUICK);\n"
                + "PapersLesson.report(shift, Scale.QUICK, sample, System.out);\n"
                + "Charts.show(PapersLesson.picture(shift), Figure." + NOTEBOOK_FIGURE.name() + ".title());\n";
    }

    /**
     * What {@link #notebookCell()} runs, printing to {@code out}: returns the picture the cell shows.
     */
    public static byte[] notebookRun(PrintStream out) {
        var sample = PaperData.read(dev.dl4jlessons.runtime.ProjectFiles.testData(NOTEBOOK_SAMPLE));
        var shift = measure(NOTEBOOK_FIGURE, sample, Scale.QUICK);
        report(shift, Scale.QUICK, sample, out);
        return picture(shift);
    }

    // ------------------------------------------------------------------------------------------------ printing

    /** Prints one figure's setting beside the paper's, its table and its verdicts, as the command does. */
    public static void report(Outcome o, Scale scale, PaperData data, PrintStream out) {
        out.println("== " + o.figure().command() + ": " + o.figure().title());
        table(out, List.of("setting", "paper", "ours"), setting(o.figure(), scale, data));
        out.println();
        Object r = o.result();
        if (r instanceof Results.BnFigure1 b) {
            bnTable(b, out);
        } else if (r instanceof Results.Autoencoder a) {
            autoencoderTable(a, out);
        } else if (r instanceof Results.Retain p) {
            retainTable(p, out);
        } else if (r instanceof Results.DataSize d) {
            dataSizeTable(d, out);
        } else {
            shiftTable((Results.VarianceShift) r, out);
        }
        out.println();
        for (Verdict v : o.verdicts()) {
            out.println((v.held() ? "held: " : "did NOT hold: ") + v.claim());
            out.println("  paper: " + v.paper() + "; ours: " + v.ours() + " (rule: " + v.rule() + ")");
        }
    }

    private static List<List<String>> setting(Figure f, Scale s, PaperData data) {
        String rows = String.format(Locale.ROOT, "Fashion-MNIST, %,d test images", Math.min(s.testRows(),
                data.fashion().testRows()));
        String seeds = s.seeds() + " seeds, mean ± std";
        return switch (f) {
            case BN_FIGURE1 -> List.of(
                    List.of("data", "MNIST", String.format(Locale.ROOT, "Fashion-MNIST, %,d training images",
                            data.fashion().trainRows())),
                    List.of("network", "784-100-100-100-10, sigmoid", "the same"),
                    List.of("initial weights", "small Gaussian", "N(0, 0.1²)"),
                    List.of("training", "50,000 steps of 60", String.format(Locale.ROOT, "%,d steps of %d, SGD lr %s",
                            s.bnSteps(), Experiments.BN_BATCH, Experiments.BN_LR)),
                    List.of("measured on", "test set", rows),
                    List.of("percentiles of", "one sigmoid input, last hidden layer", String.format(Locale.ROOT,
                            "every unit of it over %d test images; the typical unit drawn", s.probeRows())),
                    List.of("runs", "1", seeds));
            case DROPOUT_FEATURES -> List.of(
                    List.of("data", "MNIST", String.format(Locale.ROOT, "Fashion-MNIST, %,d training images",
                            Math.min(s.aeRows(), data.fashion().trainRows()))),
                    List.of("network", "autoencoder, 256 ReLU hidden units", "784-" + Experiments.AE_HIDDEN
                            + " ReLU-784 sigmoid, cross-entropy"),
                    List.of("dropout", "hidden layer, p = 0.5", "hidden layer, p = " + Experiments.RETAIN),
                    List.of("training", "not stated here", String.format(Locale.ROOT, "%,d steps of %d, Adam 1e-3",
                            s.aeSteps(), Experiments.BATCH)),
                    List.of("measured on", "test set", rows),
                    List.of("runs", "1", seeds));
            case RETAIN -> List.of(
                    List.of("data", "MNIST", String.format(Locale.ROOT, "Fashion-MNIST, %,d training images",
                            Math.min(s.retainRows(), data.fashion().trainRows()))),
                    List.of("network (a)", "784-2048-2048-2048-10", String.format(Locale.ROOT,
                            "784-%d-%d-10 ReLU", s.retainHidden(), s.retainHidden())),
                    List.of("network (b)", "p·n = 256 per layer", "p·n = " + s.retainKept() + " per layer, "
                            + Experiments.LAYERS + " layers"),
                    List.of("p", "0.1 to 1 on hidden layers", s.retains().toString().replaceAll("[\\[\\]]", "")
                            + " on hidden layers"),
                    List.of("training", "SGD with momentum, max-norm", String.format(Locale.ROOT,
                            "%,d steps of %d, Adam 1e-3", s.retainSteps(), Experiments.BATCH)),
                    List.of("measured on", "test set", rows),
                    List.of("runs", "1", seeds));
            case DATA_SIZE -> List.of(
                    List.of("data", "MNIST subsets", "Fashion-MNIST class-balanced subsets"),
                    List.of("sizes", "100, 500, 1K, 5K, 10K, 50K", s.sizes().toString().replaceAll("[\\[\\]]", "")),
                    List.of("network", "784-1024-1024-2048-10", "784-" + s.sizeHidden() + "-"
                            + s.sizeHidden() + "-10 ReLU"),
                    List.of("dropout", "p = 0.5 hidden, 0.8 input", "p = " + Experiments.RETAIN + " hidden, "
                            + Experiments.RETAIN_INPUT + " input"),
                    List.of("training", "not stated here", String.format(Locale.ROOT,
                            "%,d steps of up to %d, whatever the size, Adam 1e-3", s.sizeSteps(), Experiments.BATCH)),
                    List.of("measured on", "test set", rows),
                    List.of("runs", "1", seeds));
            case VARIANCE_SHIFT -> List.of(
                    List.of("data", "CIFAR-10/100, ImageNet; a toy analysis", String.format(Locale.ROOT,
                            "Fashion-MNIST, %,d training images", Math.min(s.shiftRows(), data.fashion().trainRows()))),
                    List.of("network", "ResNet, DenseNet, ...", "784-256 ReLU, dropout, 256 → BN → ReLU → 10"),
                    List.of("dropout", "p from 0.5 up", "p = " + Experiments.RETAIN),
                    List.of("training", "per model", String.format(Locale.ROOT, "%,d steps of %d, Adam 1e-3",
                            s.shiftSteps(), Experiments.BATCH)),
                    List.of("measured on", "test set", rows),
                    List.of("runs", "1", seeds));
        };
    }

    private static void bnTable(Results.BnFigure1 r, PrintStream out) {
        var runs = r.runs();
        int[] steps = runs.get(0).steps();
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < steps.length; c += Math.max(1, steps.length / 10)) {
            int i = c;
            rows.add(List.of(String.valueOf(steps[c]),
                    pct(runs, false, x -> x.accuracy()[i]), pct(runs, true, x -> x.accuracy()[i])));
        }
        int lastIndex = steps.length - 1;
        if (!rows.get(rows.size() - 1).get(0).equals(String.valueOf(steps[lastIndex]))) {
            rows.add(List.of(String.valueOf(steps[lastIndex]), pct(runs, false, x -> x.accuracy()[lastIndex]),
                    pct(runs, true, x -> x.accuracy()[lastIndex])));
        }
        table(out, List.of("step", "test accuracy without BN", "with BN"), rows);
        out.println();
        table(out, List.of("median drift of the last hidden layer's sigmoid inputs", "without BN", "with BN"),
                List.of(List.of("largest - smallest median, after the first " + runs.get(0).steps()[runs.get(0)
                        .settled()] + " steps", r.drift(false).toString(), r.drift(true).toString())));
    }

    private static String pct(List<Results.BnRun> runs, boolean bn, java.util.function.ToDoubleFunction<Results.BnRun> v) {
        return Results.pct(Results.stat(runs, x -> x.batchNorm() == bn, v));
    }

    private static void autoencoderTable(Results.Autoencoder r, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (boolean dropout : new boolean[] {false, true}) {
            Stat loss = Results.stat(r.runs(), x -> x.dropout() == dropout, Results.AutoencoderRun::testLoss);
            rows.add(List.of(dropout ? "with dropout" : "without dropout", r.meanActivation(dropout).toString(),
                    Results.pct(r.zeroFraction(dropout)), loss.toString()));
        }
        table(out, List.of("autoencoder", "mean activation", "activations at 0", "test reconstruction loss"), rows);
    }

    private static void retainTable(Results.Retain r, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (double p : r.retains()) {
            List<String> row = new ArrayList<>(List.of(String.format(Locale.ROOT, "%.1f", p)));
            for (Hold hold : Hold.values()) {
                row.add(String.valueOf(r.runs().stream().filter(x -> x.hold() == hold && x.retain() == p)
                        .findFirst().orElseThrow().hidden()));
                row.add(Results.pct(r.error(hold, p, false)));
                row.add(Results.pct(r.error(hold, p, true)));
            }
            rows.add(row);
        }
        table(out, List.of("p", "(a) n", "train error", "test error", "(b) n = p·n/p", "train error", "test error"),
                rows);
    }

    private static void dataSizeTable(Results.DataSize r, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (int size : r.sizes()) {
            Stat gain = r.gain(size);
            rows.add(List.of(String.format(Locale.ROOT, "%,d", size), Results.pct(r.error(size, false)),
                    Results.pct(r.error(size, true)), String.format(Locale.ROOT, "%+.1f ± %.1f", 100 * gain.mean(),
                            100 * gain.std())));
        }
        table(out, List.of("training images", "test error without dropout", "with dropout", "gain (points)"), rows);
    }

    private static void shiftTable(Results.VarianceShift r, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (Order order : Order.values()) {
            rows.add(List.of(order.toString(), r.ratio(order).toString(), Results.pct(r.accuracy(order, false)),
                    Results.pct(r.accuracy(order, true))));
        }
        table(out, List.of("dropout p = " + r.retain(), "test var / running var (median unit)",
                "accuracy as trained", "BN statistics recomputed"), rows);
    }

    /** An aligned table: a header, a rule, and the rows, columns two spaces apart. */
    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        line(out, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(out, rule, width);
        rows.forEach(r -> line(out, r, width));
    }

    private static void line(PrintStream out, List<String> cells, int[] width) {
        var sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append(c == cells.size() - 1 ? cells.get(c)
                    : String.format(Locale.ROOT, "%-" + width[c] + "s", cells.get(c)));
        }
        out.println(sb.toString().stripTrailing());
    }
}
