package dev.dl4jlessons.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Keeps the Markdown guides true to the code. A guide marks generated blocks with HTML comments:
 *
 * <pre>
 * &lt;!-- code: src/main/java/.../DropoutLesson.java#configuration --&gt;   lines between "// lesson:configuration"
 * &lt;!-- /code --&gt;                                                     and "// end:configuration" in that file
 * &lt;!-- output: dropout --epochs 5 --&gt;                                what the launcher prints for those arguments
 * &lt;!-- /output --&gt;
 * </pre>
 *
 * {@link #refresh} rewrites what sits between the markers; a test checks that nothing is stale. An output block
 * opens with the command that produced it ({@code $ mvn -q compile exec:java -Dexec.args="dropout --epochs 5"}),
 * generated from the marker's arguments, so the command a reader sees above an output is always the one that ran.
 */
public final class Guides {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (code|output):[ ]*(.*?)[ ]*-->\\n(.*?)<!-- /\\1 -->", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");

    /** How far a printed number may move between CPUs (float32 kernels round differently) and still be the same. */
    public static final double NUMBER_TOLERANCE = 2e-3;

    /** The Maven command a student types to run the launcher with {@code argument}. */
    public static String command(String argument) {
        return argument.isBlank() ? "mvn -q compile exec:java"
                : "mvn -q compile exec:java -Dexec.args=\"" + argument.strip() + "\"";
    }

    /**
     * True when two generated texts say the same thing: identical apart from numbers, and every number within
     * {@link #NUMBER_TOLERANCE}. Used by {@code notebook --check} and the tests, so both accept the same drift.
     */
    public static boolean sameOutput(String expected, String actual) {
        if (!NUMBER.matcher(expected).replaceAll("#").equals(NUMBER.matcher(actual).replaceAll("#"))) {
            return false;
        }
        Matcher e = NUMBER.matcher(expected);
        Matcher a = NUMBER.matcher(actual);
        while (e.find() && a.find()) {
            if (Math.abs(Double.parseDouble(e.group()) - Double.parseDouble(a.group())) > NUMBER_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private Guides() {
    }

    /** One generated block of a guide. */
    public record Block(String kind, String argument, String body) {
    }

    /** Every file with generated blocks: README.md and each guide in lessons/, in name order. */
    public static List<Path> files(Path root) throws IOException {
        var files = new ArrayList<Path>();
        files.add(root.resolve("README.md"));
        try (var s = Files.list(root.resolve("lessons"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The generated blocks of {@code markdown}, in order. */
    public static List<Block> blocks(String markdown) {
        var blocks = new ArrayList<Block>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2).strip(), m.group(3)));
        }
        return blocks;
    }

    /**
     * Regenerates every block.
     *
     * @param root   repository root, for code references
     * @param runner runs the launcher with the given arguments and returns its standard output
     */
    public static String refresh(String markdown, Path root, Function<String[], String> runner) {
        Matcher m = BLOCK.matcher(markdown);
        var sb = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String arg = m.group(2).strip();
            String body = kind.equals("code")
                    ? fence("java", excerpt(root, arg))
                    : fence("text", "$ " + command(arg) + "\n" + runner.apply(arguments(arg)));
            m.appendReplacement(sb, Matcher.quoteReplacement("<!-- " + kind + ":" + (arg.isEmpty() ? "" : " " + arg)
                    + " -->\n" + body
                    + "<!-- /" + kind + " -->"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Whether an output block's command reads the whole of Fashion-MNIST (lesson 10 or {@code lab --data fashion}
     * without {@code --fashion-dir}): those runs take minutes and need Debian's {@code dataset-fashion-mnist}, so the
     * default test run leaves them to the {@code fashion} profile, and runs only blocks that read the committed
     * sample.
     */
    public static boolean readsFullFashionMnist(String argument) {
        List<String> args = List.of(arguments(argument));
        boolean fashion = !args.isEmpty() && args.get(0).equals("fashion")
                || args.contains("lab") && String.join(" ", args).contains("--data fashion");
        return fashion && !args.contains("--fashion-dir");
    }

    /**
     * Whether an output block's command is lesson 11's {@code papers} at the guide's size on the whole of
     * Fashion-MNIST (no {@code --quick}, no {@code --fashion-dir}): minutes per figure, so the default test run leaves
     * them to the {@code papers} profile ({@code PapersFullTest}); {@code notebook} and {@code notebook --check} hold
     * them like any output.
     */
    public static boolean runsPapersAtFullSize(String argument) {
        List<String> args = List.of(arguments(argument));
        return !args.isEmpty() && args.get(0).equals("papers") && !args.contains("--quick")
                && !args.contains("--fashion-dir");
    }

    /** The command-line arguments of an output block; empty for {@code <!-- output: -->}. */
    public static String[] arguments(String argument) {
        return argument.isBlank() ? new String[0] : argument.strip().split("\\s+");
    }

    /** The code between {@code // lesson:TAG} and {@code // end:TAG} in a source file, de-indented. */
    public static String excerpt(Path root, String reference) {
        int hash = reference.indexOf('#');
        if (hash < 0) {
            throw new InputException("code reference '" + reference + "' needs the form path#tag");
        }
        Path file = root.resolve(reference.substring(0, hash));
        String tag = reference.substring(hash + 1);
        List<String> lines = ProjectFiles.readText(file).lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// lesson:" + tag)) {
                start = i + 1;
            } else if (line.equals("// end:" + tag) && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            throw new InputException(file + ": no '// lesson:" + tag + "' ... '// end:" + tag + "' markers");
        }
        List<String> body = lines.subList(start, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        var sb = new StringBuilder();
        for (String l : body) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    private static String fence(String language, String body) {
        String text = body.endsWith("\n") ? body : body + "\n";
        return "```" + language + "\n" + text + "```\n";
    }
}
