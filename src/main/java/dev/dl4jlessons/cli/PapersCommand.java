package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.lessons.papers.Figure;
import dev.dl4jlessons.lessons.papers.PapersLesson;
import dev.dl4jlessons.lessons.papers.Scale;
import dev.dl4jlessons.runtime.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code papers}: lesson 11, the papers' figures rerun on Fashion-MNIST. Each figure is a positional name; none
 * runs all five.
 */
@Command(name = "papers", sortOptions = false, description = {
    "Lesson 11: rerun the central figures of the dropout and batch-norm papers on Fashion-MNIST, over seeds, and "
            + "print each beside the paper's setting and numbers with whether the paper's claim held; writes one "
            + "picture per figure to --out. Figures: bn-figure1 (Ioffe & Szegedy, Figure 1), dropout-features "
            + "(Srivastava et al., Figures 7 and 8), retain (Figure 9), data-size (Figure 10), variance-shift "
            + "(Li et al.). Wall times go to standard error."},
        footer = {"", "Examples:", "  papers", "  papers bn-figure1 --seeds 5", "  papers retain data-size --quick",
            "  papers --fashion-dir test-data/fashion-mnist-sample --quick", "",
            Course.STANDS_FOR, Course.STANDS_FOR_MAVEN, "",
            "Exit codes: 0 success; 1 a run's loss became NaN or infinite; 2 bad option or data; "
                    + "3 --out could not be written."})
final class PapersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FIGURE", arity = "0..*", description = "Figures to run, in this order. Default: all "
            + "five.")
    List<String> figures = new ArrayList<>();

    @Option(names = "--quick", description = "The tests' small size (seconds per figure) instead of the guide's.")
    boolean quick;

    @Option(names = "--seeds", paramLabel = "K", description = "Runs per variant, 2 to 20. Default: 3.")
    int seeds = Scale.DEFAULT.seeds();

    @Option(names = "--threads", paramLabel = "N", description = "Networks trained at once. Default: one per core.")
    int threads = Scale.DEFAULT.threads();

    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "Folder of the four Fashion-MNIST files. "
            + "Default: $" + FashionMnist.ENV + ", else " + "/usr/share/datasets/fashion-mnist (Debian's "
            + "dataset-fashion-mnist).")
    Path fashionDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the pictures. Default: target/papers.")
    Path out = Path.of("target", "papers");

    @Mixin
    CommonOptions common;

    private final PrintStream stdout;
    private final PrintStream stderr;

    PapersCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        List<Figure> chosen = figures.isEmpty() ? Arrays.asList(Figure.values())
                : figures.stream().map(Figure::of).distinct().toList();
        Scale scale = (quick ? Scale.QUICK : Scale.DEFAULT).withSeeds(seeds).withThreads(threads);
        Path data = FashionMnist.locate(fashionDir);
        AtomicFiles.requireWritableDirectory(out, "--out");
        AtomicFiles.requireReplaceable(out, chosen.stream().map(Figure::picture).toList(), "--out");
        PapersLesson.run(new PapersLesson.Run(chosen, scale, data, out), stdout, stderr);
        return 0;
    }
}
