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
 * opens with the command that produced it ({@code $ ./course dropout --epochs 5}),
 * generated from the marker's arguments, so the command a reader sees above an output is always the one that ran.
 *
 * <p>Prose that quotes what a run printed is marked too, and checked rather than rewritten:
 *
 * <pre>
 * &lt;!-- numbers: combined --&gt;      every number in the text up to the closing marker must be one that
 * ...prose...                       the run "combined" prints (decimals within {@link #NUMBER_TOLERANCE});
 * &lt;!-- /numbers --&gt;                 the arguments must be those of an output block of the same guide
 * </pre>
 *
 * {@link #staleNumbers} lists each number that the run no longer prints, so a change that moves the output cannot
 * leave the sentence beside it quoting the old one.
 */
public final class Guides {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (code|output):[ ]*(.*?)[ ]*-->\\n(.*?)<!-- /\\1 -->", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");
    private static final Pattern NUMBERS = Pattern.compile(
            "^<!-- numbers:[ ]*([^\\n]*?)[ ]*-->\\n(.*?)^<!-- /numbers -->", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern NUMBERS_OPEN = Pattern.compile("^<!-- numbers:", Pattern.MULTILINE);
    /** A number in prose or output: an integer or a decimal, not part of a word ({@code fc1}, {@code 10×10} counts). */
    private static final Pattern PROSE_NUMBER = Pattern.compile("(?<![\\w.])\\d+(?:\\.\\d+)?(?![\\w]|\\.\\d)");

    /** How far a printed number may move between CPUs (float32 kernels round differently) and still be the same. */
    public static final double NUMBER_TOLERANCE = 2e-3;

    /**
     * The command a student types to run the launcher with {@code argument}: the repository's {@code ./course}
     * script, which builds the jar when the sources are newer and runs it.
     */
    public static String command(String argument) {
        return argument.isBlank() ? "./course" : "./course " + argument.strip();
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

    /**
     * The numbers of {@code <!-- numbers: ARGS -->} regions that the run {@code ARGS} does not print, one line each
     * ({@code line 151: 0.844 is not in the output of 'combined'}); empty when the prose agrees with the runs.
     *
     * @throws InputException for a region whose arguments no output block of the guide has, or one left open
     */
    public static List<String> staleNumbers(String markdown, Function<String[], String> runner) {
        var outputs = blocks(markdown).stream().filter(b -> b.kind().equals("output")).map(Block::argument).toList();
        var problems = new ArrayList<String>();
        Matcher m = NUMBERS.matcher(markdown);
        int opened = 0;
        while (m.find()) {
            opened++;
            String arg = m.group(1).strip();
            if (!outputs.contains(arg)) {
                throw new InputException("<!-- numbers: " + arg + " --> at line " + line(markdown, m.start())
                        + ": no output block of this guide has these arguments");
            }
            String printed = runner.apply(arguments(arg));
            var known = new ArrayList<String>();
            Matcher n = PROSE_NUMBER.matcher(printed);
            while (n.find()) {
                known.add(n.group());
            }
            Matcher p = PROSE_NUMBER.matcher(m.group(2));
            while (p.find()) {
                String number = p.group();
                if (known.stream().noneMatch(k -> sameNumber(number, k))) {
                    problems.add("line " + line(markdown, m.start(2) + p.start()) + ": " + number + " is not in the "
                            + "output of '" + (arg.isEmpty() ? "(no arguments)" : arg) + "'");
                }
            }
        }
        long markers = NUMBERS_OPEN.matcher(markdown).results().count();
        if (markers != opened) {
            throw new InputException("a <!-- numbers: ... --> region without its <!-- /numbers --> (" + markers
                    + " opened, " + opened + " closed)");
        }
        return problems;
    }

    /** Integers equal, decimals (both) within {@link #NUMBER_TOLERANCE}. */
    private static boolean sameNumber(String prose, String printed) {
        if (prose.contains(".") != printed.contains(".")) {
            return false;
        }
        if (!prose.contains(".")) {
            return prose.equals(printed);
        }
        return Math.abs(Double.parseDouble(prose) - Double.parseDouble(printed)) <= NUMBER_TOLERANCE;
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
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
