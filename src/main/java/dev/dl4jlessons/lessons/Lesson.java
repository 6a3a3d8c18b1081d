package dev.dl4jlessons.lessons;

import java.io.PrintStream;

import dev.dl4jlessons.harness.Settings;

/**
 * A lesson the launcher can list and run. Any public class in this package that implements it, and has a public
 * no-argument constructor, is found by {@link LessonCatalog}: adding a lesson means adding one class.
 */
public interface Lesson {
    /** Command-line name, lower case, e.g. {@code dropout}. */
    String name();

    /** One-line title for {@code --list}. */
    String title();

    /** Position in the syllabus; lessons are listed and run in this order. */
    int order();

    /** Runs the lesson, printing to {@code out}. */
    void run(Settings settings, PrintStream out);

    /**
     * For a lesson that is not one model: the JShell statement that runs it in the generated notebook and JShell
     * script, after its {@code configuration} excerpt; empty for no notebook section. Model lessons get theirs from
     * the notebook generator.
     */
    default String notebookCall() {
        return "";
    }

    /**
     * For a lesson with a {@link #notebookCall()}: runs what that call runs, printing to {@code out}, for the generated
     * notebook's outputs, and returns the PNG of the chart the call shows, or {@code null} for none.
     */
    default byte[] runForNotebook(PrintStream out) {
        run(Settings.NOTEBOOK, out);
        return null;
    }

    /**
     * Whether {@code --dropout} changes what this lesson does. The launcher refuses the option for a run in which no
     * lesson reads it, rather than ignoring it silently.
     */
    default boolean readsDropout() {
        return false;
    }

    /** Whether {@code --data} changes what this lesson does; refused like {@link #readsDropout()}. */
    default boolean readsData() {
        return false;
    }

    /** File name of the lesson's guide in {@code lessons/}; the {@code notebook} command writes a stub if missing. */
    default String guide() {
        return String.format(java.util.Locale.ROOT, "%02d-%s.md", order() / 10, name());
    }
}
