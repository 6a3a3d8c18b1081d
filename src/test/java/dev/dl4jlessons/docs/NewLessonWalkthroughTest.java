package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.ProjectCopy;

/**
 * Follows lessons/ADDING-A-LESSON.md with a throwaway lesson, so the page cannot drift from what adding a lesson takes.
 * The lesson is the hard case the page describes: the worked example with its dropout line replaced by the page's
 * weight-noise line. The fast part compiles it and checks what the launcher relies on; the slow part (tag
 * {@code slow}) does every step in a copy of the project, through the real launcher, and compares the files that
 * changed with the page's table.
 */
class NewLessonWalkthroughTest {
    static final String NAME = "drop-connect-trial";
    static final String CLASS = "DropConnectTrialLesson";
    /** The lesson's own package: its name without the hyphens, as the page says. */
    static final String PACKAGE = NAME.replace("-", "");
    static final int ORDER = 990;
    static final String GUIDE = "99-" + NAME + ".md";
    private static final Map<String, Integer> NUMBERS = Map.of("seven", 7, "eight", 8, "nine", 9, "ten", 10,
            "eleven", 11, "twelve", 12);

    private static Path root() {
        return ProjectFiles.requireRoot();
    }

    private static String page() throws IOException {
        return Files.readString(root().resolve("lessons/ADDING-A-LESSON.md"));
    }

    /** The files of the page's table, as the worked example names them. */
    static List<String> tableFiles(String page) {
        String table = page.substring(page.indexOf("| file | who writes it |"));
        return table.lines().takeWhile(l -> l.startsWith("|")).filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3))).toList();
    }

    /** The page's table with the worked example's names replaced by the throwaway lesson's. */
    static List<String> tableFilesFor(String page) {
        return tableFiles(page).stream().map(f -> f.replace("GaussianDropoutLesson", CLASS).replace("/gaussiandropout/", "/" + PACKAGE + "/")
                .replace("08-gaussian-dropout", GUIDE.replace(".md", "")).replace("gaussian-dropout", NAME)).toList();
    }

    /** The worked example's source, renamed, with its dropout line replaced by the page's weight-noise block. */
    static String lessonSource(String page) throws IOException {
        Matcher block = Pattern.compile("<!-- weight-noise -->\\n```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "ADDING-A-LESSON.md has a <!-- weight-noise --> java block");
        List<String> imports = block.group(1).lines().filter(l -> l.startsWith("import ")).toList();
        String noiseLine = block.group(1).lines().filter(l -> l.contains(".weightNoise(")).findFirst().orElseThrow()
                .strip();
        String source = Files.readString(root().resolve("src/main/java/dev/dl4jlessons/lessons/gaussiandropout/GaussianDropoutLesson.java"));
        source = source.replace("GaussianDropoutLesson", CLASS).replace("\"gaussian-dropout\"", "\"" + NAME + "\"")
                .replace("package dev.dl4jlessons.lessons.gaussiandropout;", "package dev.dl4jlessons.lessons." + PACKAGE
                        + ";");
        source = source.replaceFirst("super\\(\"" + NAME + "\", \"[^\"]*\", 80,",
                "super(\"" + NAME + "\", \"DropConnect trial: weight noise added by the page's steps\", " + ORDER + ",");
        source = source.replaceFirst("(?m)^(\\s*)\\.dropOut\\(new GaussianDropout\\(.*$",
                "$1" + Matcher.quoteReplacement(noiseLine));
        source = source.replaceFirst("(?m)^import ", Matcher.quoteReplacement(String.join("\n", imports)) + "\nimport ");
        assertTrue(source.contains(".weightNoise(") && !source.contains(".dropOut("), source);
        return source;
    }

    /** The worked example's test, renamed: the file step 4 asks for (it needs to compile, not to pass). */
    static String testSource() throws IOException {
        return Files.readString(root().resolve("src/test/java/dev/dl4jlessons/lessons/gaussiandropout/GaussianDropoutLessonTest.java"))
                .replace("GaussianDropoutLesson", CLASS)
                .replace("package dev.dl4jlessons.lessons.gaussiandropout;", "package dev.dl4jlessons.lessons." + PACKAGE
                        + ";");
    }

    private static void compile(Path source, Path classes, String classPath) {
        var javac = ToolProvider.getSystemJavaCompiler();
        int code = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath, "-proc:none",
                "-encoding", "UTF-8", source.toString());
        assertEquals(0, code, "javac " + source);
    }

    @Test
    void thePagesCountMatchesItsTableAndItsWeightNoiseLessonReadsDropout(@TempDir Path dir) throws Exception {
        String page = page();
        Matcher count = Pattern.compile("it touches (\\w+) files").matcher(page);
        assertTrue(count.find(), "the page says how many files a lesson touches");
        List<String> files = tableFiles(page);
        assertEquals(NUMBERS.get(count.group(1)), files.size(), "the page's count and its table: " + files);
        for (String f : files) {
            assertTrue(Files.exists(root().resolve(f)), "the worked example has every file of the table: " + f);
        }
        String pictures = page.substring(page.indexOf("| file (for a lesson `dropout`) | why |"));
        List<String> experimentFiles = pictures.lines().takeWhile(l -> l.startsWith("|"))
                .filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3))).toList();
        for (String kind : List.of("Experiments.java", "Pictures.java", "ExperimentsTest.java", ".png")) {
            assertTrue(experimentFiles.stream().anyMatch(f -> f.endsWith(kind)), "section 5's table names the "
                    + "lesson's " + kind + ": " + experimentFiles);
        }
        for (String f : experimentFiles) {
            assertTrue(Files.exists(root().resolve(f)), "section 5 names a real file of lesson 1: " + f);
        }

        Path source = dir.resolve(CLASS + ".java");
        Files.writeString(source, lessonSource(page));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(source, classes, System.getProperty("java.class.path"));
        try (var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var lesson = (ModelLesson) loader.loadClass("dev.dl4jlessons.lessons." + PACKAGE + "." + CLASS).getConstructor()
                    .newInstance();
            assertEquals(NAME, lesson.name());
            assertEquals(GUIDE, lesson.guide());
            assertTrue(lesson.readsDropout(), "a weight-noise lesson reads --dropout");
            var withDropout = new Settings(42, 1, 10, 0.01, 0.3, null);
            assertTrue(Networks.describe(lesson.model(withDropout)).endsWith(
                    "Output(50→1, identity, MSE)[DropConnect retain 0.7 (drop 0.3) on weights]"),
                    Networks.describe(lesson.model(withDropout)));
            assertTrue(GuideStubs.stub(root(), lesson).startsWith("# Lesson 99 · DropConnect trial: "),
                    "the stub's heading");
        }
    }

    @Test
    @Tag("slow")
    void followingThePageInACopyOfTheProjectTouchesExactlyTheFilesItLists(@TempDir Path dir) throws Exception {
        String page = page();
        var project = ProjectCopy.of(root(), dir.resolve("project"));
        Path copy = project.dir();
        Path classes = project.classes();

        // step 1: the class
        Path source = copy.resolve("src/main/java/dev/dl4jlessons/lessons/" + PACKAGE + "/" + CLASS + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, lessonSource(page));
        Files.writeString(source.getParent().resolve("package-info.java"), "/** Lesson 99, a DropConnect trial. */\n"
                + "package dev.dl4jlessons.lessons." + PACKAGE + ";\n");
        project.compile(classes, source);

        // step 2: the launcher finds it, and its --dropout reaches the weight noise
        var list = project.course("--list");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.matches(Pattern.quote(NAME) + "\\s+DropConnect trial: .*")),
                list.out());
        var run = project.course(NAME, "--dropout", "0.3", "--epochs", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("[DropConnect retain 0.7 (drop 0.3) on weights]"), run.out());
        assertEquals(2, run.epochLines(), run.out());

        // step 3: the guide, syllabus row, notebook section and script; the guide check refuses the stub
        var generate = project.course("notebook", NAME);
        assertEquals(0, generate.exitCode(), generate.out() + generate.err());
        assertTrue(generate.out().contains("wrote: lessons/" + GUIDE), generate.out());
        var unfinished = project.course("notebook", "--check", NAME);
        assertEquals(1, unfinished.exitCode(), unfinished.out());
        assertTrue(unfinished.out().contains("unfinished: lessons/" + GUIDE + " still holds the stub's TODO"),
                unfinished.out());
        Path guide = copy.resolve("lessons/" + GUIDE);
        assertTrue(Files.readString(guide).startsWith("# Lesson 99 · DropConnect trial: "));
        Files.writeString(guide, Files.readString(guide).replace("TODO", "Written by the instructor"));
        Files.createDirectories(copy.resolve("src/notebook/lessons"));
        Files.writeString(copy.resolve("src/notebook/lessons/" + NAME + ".md"), "DropConnect drops weights.\n");
        Path readme = copy.resolve("README.md");
        String text = Files.readString(readme);
        String row = text.lines().filter(l -> l.startsWith("| `gaussian-dropout` |")).findFirst().orElseThrow();
        text = text.replace(row, row + "\n| `" + NAME + "` | [" + GUIDE + "](lessons/" + GUIDE + ") | DropConnect |");
        assertTrue(text.contains("(and `gaussian-dropout`)"), "the README sentence the page names");
        text = text.replace("(and `gaussian-dropout`)", "(and `gaussian-dropout`, `" + NAME + "`)");
        Files.writeString(readme, text);
        var again = project.course("notebook", NAME);
        assertEquals(0, again.exitCode(), again.out() + again.err());
        var check = project.course("notebook", "--check", NAME);
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("everything the notebook command writes for " + NAME + " is current"),
                check.out());
        assertTrue(check.out().matches("(?s).*\\(\\d+ from the cache, 0 run; [\\d.]+ s\\)\\n"),
                "an unchanged lesson is not run again: " + check.out());
        assertTrue(Files.readString(copy.resolve("notebooks-equivalent/regularization.md"))
                .contains("DropConnect drops weights."), "the notebook prose reaches the notebook");

        // step 4: the test
        Path test = copy.resolve("src/test/java/dev/dl4jlessons/lessons/" + PACKAGE + "/" + CLASS + "Test.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, testSource());
        project.compile(Files.createDirectories(dir.resolve("test-classes")), test);

        assertEquals(new TreeSet<>(tableFilesFor(page)), project.changed(),
                "the files the walkthrough touched are the page's table");
    }
}
