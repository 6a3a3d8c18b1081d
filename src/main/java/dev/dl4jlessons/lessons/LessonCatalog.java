package dev.dl4jlessons.lessons;

import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.PackageClasses;

/**
 * Finds every lesson class in this package and the packages below it (one per lesson, such as
 * {@code lessons.dropout}), in the classes directory (IDE, Maven) or in the jar, so that a new lesson needs no
 * registration anywhere.
 */
public final class LessonCatalog {
    private static final String PACKAGE = LessonCatalog.class.getPackageName();

    /**
     * The commands with a guide in the syllabus that are not lessons: they take options and arguments of their own
     * ({@code lab --help}, {@code parity --help}), so they are listed beside the lessons rather than run as one.
     */
    static final List<SyllabusEntry> COMMANDS = List.of(
            new SyllabusEntry("lab", "Choosing: every regularizer on held-out data, over seeds (command: lab --help)",
                    40, "04-choosing.md"),
            new SyllabusEntry("parity DIR", "PyTorch parity: replay a reference run step by step (command: parity "
                    + "--help)", 70, "07-pytorch-parity.md"),
            new SyllabusEntry(dev.dl4jlessons.lessons.papers.PapersLesson.NAME, "The papers, reproduced: the dropout "
                    + "and batch-norm papers' figures rerun on Fashion-MNIST (command: papers --help)",
                    dev.dl4jlessons.lessons.papers.PapersLesson.ORDER, "11-the-papers.md"),
            new SyllabusEntry("playground", "The playground: dropout and batch norm live in the browser (command: "
                    + "playground --help)", 120, "12-playground.md"));

    private LessonCatalog() {
    }

    /** The whole syllabus in order: every lesson, and the commands that have a guide. */
    public static List<SyllabusEntry> syllabus() {
        return entries(all());
    }

    /** {@code lessons} and the commands with a guide, as syllabus entries in order. */
    private static List<SyllabusEntry> entries(List<Lesson> lessons) {
        var entries = new ArrayList<SyllabusEntry>(COMMANDS);
        lessons.forEach(l -> entries.add(SyllabusEntry.of(l)));
        entries.sort(Comparator.comparingInt(SyllabusEntry::order).thenComparing(SyllabusEntry::name));
        return List.copyOf(entries);
    }

    /**
     * Refuses two syllabus entries that map to the same guide number: their guides, JShell scripts and syllabus
     * rows would collide.
     *
     * @throws InputException naming both entries and their orders
     */
    static void requireDistinctGuideNumbers(List<SyllabusEntry> entries) {
        var byNumber = new java.util.HashMap<Integer, SyllabusEntry>();
        for (SyllabusEntry e : entries) {
            SyllabusEntry other = byNumber.putIfAbsent(e.number(), e);
            if (other != null) {
                throw new InputException(String.format(java.util.Locale.ROOT, "lessons '%s' (order %d) and '%s' "
                        + "(order %d) both map to guide %02d: give each lesson its own tens in order(), e.g. %d",
                        other.name(), other.order(), e.name(), e.order(), e.number(), nextFree(byNumber) * 10));
            }
        }
    }

    private static int nextFree(java.util.Map<Integer, SyllabusEntry> used) {
        int n = 1;
        while (used.containsKey(n)) {
            n++;
        }
        return n;
    }

    /** All lessons in syllabus order. */
    public static List<Lesson> all() {
        var lessons = new ArrayList<Lesson>();
        for (String className : classNames()) {
            try {
                Class<?> type = Class.forName(className, false, LessonCatalog.class.getClassLoader());
                if (Lesson.class.isAssignableFrom(type) && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers()) && Modifier.isPublic(type.getModifiers())) {
                    lessons.add((Lesson) type.getConstructor().newInstance());
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("lesson class " + className + " could not be loaded", e);
            }
        }
        lessons.sort(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::name));
        requireDistinctGuideNumbers(entries(lessons));
        return List.copyOf(lessons);
    }

    /** The notebook's own models, which the launcher runs and compares when no lesson is named. */
    public static List<ModelLesson> notebook() {
        return all().stream().filter(l -> l instanceof ModelLesson m && m.inNotebook()).map(l -> (ModelLesson) l)
                .toList();
    }

    /** The lesson called {@code name}, if any. */
    public static Optional<Lesson> find(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** "; did you mean 'dropout'?" for a misspelt lesson name, or empty when no lesson's name is close. */
    public static String didYouMean(String name) {
        return Messages.didYouMean(name, all().stream().map(Lesson::name).toList());
    }

    /**
     * The full names of the top-level classes of this package and of its direct sub-packages: a lesson that is one
     * place of its own ({@code lessons.fashion}, with its model, experiments and pictures) is found like the others.
     */
    private static TreeSet<String> classNames() {
        try {
            return PackageClasses.classNamesBelow(LessonCatalog.class.getClassLoader(), PACKAGE);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("could not list the lesson classes", e.getCause());
        }
    }
}
