package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.Ports;
import dev.dl4jlessons.testing.Run;

/**
 * Every course command the documentation shows, through the repository's script ({@code ./course ARGS}), Maven
 * ({@code mvn -q compile exec:java -Dexec.args=ARGS}) or the jar ({@code java ... -jar
 * target/dl4j-regularization-lessons.jar ...}), runs and exits 0. The arguments are run
 * in-process, as written, except that {@code --ui} gets a free port and long runs (lab, capacity, bench, papers) are made short: {@code --epochs} at most 2,
 * {@code --seeds} 1, {@code --soak} 4000 (its minimum) and {@code --steps} 50, and the lab and capacity write into a
 * temporary folder, {@code papers} runs {@code --quick} on the committed Fashion-MNIST sample, and {@code kernel install} and {@code kernel uninstall} use a temporary Jupyter folder
 * ({@code --prefix}).
 */
class DocumentedCommandsTest {
    private static final Pattern MAVEN = Pattern.compile(
            "mvn [^`\\n|]*?exec:java(?:[ ]+-Dexec\\.args=(?:\"([^\"]*)\"|([^\\s`]+)))?");
    private static final Pattern JAR = Pattern.compile(
            "java (?:-\\S+ +)*-jar target/dl4j-regularization-lessons\\.jar([^`\\n|#]*)");
    /** The repository's {@code ./course} script (or {@code course.cmd}), which builds the jar when needed and runs it. */
    private static final Pattern SCRIPT = Pattern.compile("(?<![\\w/.-])\\./course(?:\\.cmd)?(?=[\\s`]|$)([^`\\n|#]*)");
    /** Upper bounds that keep a documented long run short; the option still goes through the same code. */
    private static final Map<String, Integer> CAPS = Map.of("--epochs", 2, "--seeds", 1, "--soak", 4000,
            "--steps", 50, "--warmup", 10);

    @TempDir
    static Path out;

    /** A documented command: where it is written, and the launcher arguments it runs. */
    record Documented(String where, String args) {
    }

    /** Every documented course command, with the file and line it is on; the same command once. */
    static List<Documented> commands() throws IOException {
        Path root = ProjectFiles.requireRoot();
        var found = new LinkedHashMap<String, Documented>();
        for (Path doc : GeneratedFiles.documentation(root)) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = root.relativize(doc) + ":" + (i + 1);
                if (line.startsWith("'course' is ./course") || line.contains("-Dexec.args=\"...\"")) {
                    continue; // the help footer a guide shows, which names the launchers, not a command
                }
                Matcher m = MAVEN.matcher(line);
                while (m.find()) {
                    if (!m.group().contains("-Dexec.mainClass")) { // the test-data generator is not the course
                        String args = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
                        found.putIfAbsent(args.strip(), new Documented(where, args.strip()));
                    }
                }
                for (Pattern launcher : new Pattern[] {JAR, SCRIPT}) {
                    Matcher j = launcher.matcher(line);
                    while (j.find()) {
                        String args = j.group(1).replaceFirst("\\(.*", "").strip();
                        found.putIfAbsent(args, new Documented(where, args));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Why a documented command is not run here, or null to run it. */
    static String skipReason(String args) {
        if (args.matches(".*\\b[A-Z]{2,}\\b.*")) {
            return "a placeholder for the reader to fill in";
        }
        if (args.contains("/tmp/")) {
            return "needs a PyTorch export made first (reference/README.md)";
        }
        if (args.equals("check") || args.startsWith("check ")) {
            return "exits 1 until a student solves the exercises; ExercisesTest runs check on every kind of file";
        }
        if (args.startsWith("notebook --open")) {
            return "starts Jupyter; NotebookOpenTest runs it against a stand-in jupyter, NotebookBrowserTest for real";
        }
        if (Guides.readsFullFashionMnist(args)) {
            return "reads the whole of Fashion-MNIST; FashionGuidesTest runs the guide's under the fashion profile";
        }
        if (args.equals("notebook") || args.startsWith("notebook ")) {
            return "rewrites the guides; GuidesTest and NotebookTest check everything it writes";
        }
        if (args.equals("playground") || args.startsWith("playground ")) {
            return "serves until stopped; the playground package's tests start its server, PlaygroundCommandTest its "
                    + "port errors, and guide 12 shows playground --help";
        }
        return null;
    }

    /** The documented arguments with long runs made short. */
    static String[] shortened(String args) {
        List<String> tokens = new ArrayList<>(Arrays.asList(Guides.arguments(args)));
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Integer cap = CAPS.get(tokens.get(i));
            if (cap != null && tokens.get(i + 1).matches("\\d+") && Long.parseLong(tokens.get(i + 1)) > cap) {
                tokens.set(i + 1, String.valueOf(cap));
            }
        }
        if (!tokens.isEmpty() && (tokens.get(0).equals("lab") || tokens.get(0).equals("capacity"))) {
            addIfAbsent(tokens, "--seeds", "1");
            addIfAbsent(tokens, "--epochs", "2");
            addIfAbsent(tokens, "--out", out.resolve(tokens.get(0) + "-" + Math.abs(args.hashCode())).toString());
        }
        if (!tokens.isEmpty() && tokens.get(0).equals(dev.dl4jlessons.lessons.papers.PapersLesson.NAME)) {
            // the tests' size on the committed sample; --seeds was capped at 1 above, and a spread needs 2
            int seeds = tokens.indexOf("--seeds");
            if (seeds >= 0) {
                tokens.set(seeds + 1, "2");
            }
            addIfAbsent(tokens, "--quick", null);
            addIfAbsent(tokens, "--fashion-dir", dev.dl4jlessons.testing.TestData.file(
                    dev.dl4jlessons.testing.FashionSampleGenerator.DIR).toString());
            addIfAbsent(tokens, "--out", out.resolve("papers").toString());
        }
        if (!tokens.isEmpty() && tokens.get(0).equals("bench") && !tokens.contains("--soak")) {
            addIfAbsent(tokens, "--steps", "50");
            addIfAbsent(tokens, "--warmup", "10");
        }
        if (!tokens.isEmpty() && tokens.get(0).equals("kernel")) {
            // into a temporary Jupyter folder, never the user's own
            addIfAbsent(tokens, "--prefix", out.resolve("jupyter").toString());
        }
        if (tokens.contains("--ui") && !tokens.contains("--ui-port")) {
            addIfAbsent(tokens, "--ui-port", String.valueOf(Ports.free())); // 9000 may be taken on a build machine
        }
        return tokens.toArray(String[]::new);
    }

    /** Adds {@code option} and its {@code value} (none for a flag, {@code null}) unless the tokens hold it. */
    private static void addIfAbsent(List<String> tokens, String option, String value) {
        if (!tokens.contains(option)) {
            tokens.add(option);
            if (value != null) {
                tokens.add(value);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandRuns() throws IOException {
        return commands().stream().filter(c -> skipReason(c.args()) == null)
                .map(c -> DynamicTest.dynamicTest(c.where() + " `" + c.args() + "`", () -> {
                    var run = Run.course(shortened(c.args()));
                    assertEquals(0, run.exitCode(), c.where() + ": `" + c.args() + "` failed: " + run.err());
                    assertFalse(run.out().isBlank(), c.where() + ": `" + c.args() + "` printed nothing");
                }));
    }

    @Test
    void theDocsShowTheCommandsThatMatter() throws IOException {
        var args = commands().stream().map(Documented::args).toList();
        for (String expected : new String[] {"", "dropout", "batchnorm", "combined", "--list",
            "batchnorm-internals --epochs 10", "lab --data diabetes --train-rows 100 --epochs 200", "kernel install",
            "kernel uninstall"}) {
            assertTrue(args.contains(expected), "no documented command runs `" + expected + "`: " + args);
        }
        var skipped = commands().stream().filter(c -> skipReason(c.args()) != null).map(Documented::args)
                .filter(a -> !a.equals("check") && !a.startsWith("check ")) // ExercisesTest runs check
                .filter(a -> !a.startsWith("notebook --open")) // NotebookOpenTest runs --open
                .filter(a -> !a.startsWith("playground"))      // serves until stopped: PlaygroundCommandTest
                .filter(a -> !Guides.readsFullFashionMnist(a))                // so does -Pfashion, lesson 10's
                .filter(a -> !a.startsWith("fashion --fashion-dir /tmp/")).toList(); // its missing-data example
        assertTrue(skipped.size() <= 5, "only placeholders, the PyTorch export and notebook are skipped: " + skipped);
    }

    /**
     * Every command in the README's code blocks is run here, or is the test command itself, or is one that another
     * named test runs (skipReason says which): nothing a student copies from the README goes untested.
     */
    @Test
    void everyCommandInTheReadmeIsRunHere() throws IOException {
        String readme = Files.readString(ProjectFiles.requireRoot().resolve("README.md"));
        var documented = commands().stream().map(Documented::args).toList();
        var blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> lines = new ArrayList<>();
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\n")) {
                String command = line.replaceFirst("#.*", "").strip();
                if (!command.isEmpty()) {
                    lines.add(command);
                }
            }
        }
        assertTrue(lines.size() >= 5, "the README's commands: " + lines);
        List<String> untested = new ArrayList<>();
        for (String command : lines) {
            if (command.equals("mvn -B -ntp test")) {
                continue; // the command that runs this test
            }
            String args = command.equals("mvn -q compile exec:java") ? ""
                    : command.startsWith("./course") ? command.substring("./course".length()).strip() : null;
            if (args == null || !documented.contains(args)) {
                untested.add(command + " (not found as a course command)");
            } else if (skipReason(args) != null && !args.startsWith("check") && !args.startsWith("notebook --open")) {
                untested.add(command + " (skipped: " + skipReason(args) + ")");
            }
        }
        assertEquals(List.of(), untested);
    }

    /** The script's form is found wherever a guide writes it: in a code block, in a table, before a comment. */
    @Test
    void theScriptsCommandsAreFoundWithTheirArguments() {
        var found = new java.util.ArrayList<String>();
        for (String line : new String[] {"| terminal | `./course dropout --epochs 50` |",
            "./course check --watch          # check again on every save", "`./course` (`course` on Windows)",
            "run `bin/./course x` or `my./course y`", "$ ./course lab --seeds 2"}) {
            Matcher m = SCRIPT.matcher(line);
            while (m.find()) {
                found.add(m.group(1).strip());
            }
        }
        assertEquals(List.of("dropout --epochs 50", "check --watch", "", "lab --seeds 2"), found);
    }

    @Test
    void kernelCommandsWriteIntoATemporaryJupyterFolder() {
        assertEquals(List.of("kernel", "install", "--prefix", out.resolve("jupyter").toString()),
                Arrays.asList(shortened("kernel install")));
        assertEquals(null, skipReason("kernel install"));
    }

    @Test
    void shortenedRunsKeepEveryOptionButMakeItSmall() {
        assertEquals(List.of("lab", "--data", "diabetes", "--epochs", "2", "--seeds", "1", "--out"),
                Arrays.asList(shortened("lab --data diabetes --epochs 200")).subList(0, 8));
        assertEquals(List.of("combined", "--epochs", "2", "--dropout", "0.3"),
                Arrays.asList(shortened("combined --epochs 20 --dropout 0.3")));
    }
}
