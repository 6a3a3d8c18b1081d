package dev.dl4jlessons.exercises;

import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.dl4jlessons.runtime.PackageClasses;

/**
 * Every exercise check, found by scanning the package {@link dev.dl4jlessons.exercises.checks} in the class path
 * (a folder or the jar): an instructor adds a check class there and nothing else, as lessons are added.
 */
public final class ExerciseCatalog {
    /** The package that holds the checks. */
    public static final String PACKAGE = "dev.dl4jlessons.exercises.checks";

    private ExerciseCatalog() {
    }

    /** All checks, in order. */
    public static List<Exercise> all() {
        var list = new ArrayList<Exercise>();
        for (String name : classNames()) {
            try {
                Class<?> c = Class.forName(name, true, ExerciseCatalog.class.getClassLoader());
                if (Exercise.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                    list.add((Exercise) c.getDeclaredConstructor().newInstance());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("exercise check " + name + " could not be created: " + e, e);
            }
        }
        list.sort(Comparator.comparingInt(Exercise::order).thenComparing(Exercise::name));
        return List.copyOf(list);
    }

    /** The check called {@code name}, case-insensitively. */
    public static Optional<Exercise> find(String name) {
        return all().stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    private static TreeSet<String> classNames() {
        try {
            var names = new TreeSet<String>();
            PackageClasses.simpleNames(ExerciseCatalog.class.getClassLoader(), PACKAGE)
                    .forEach(n -> names.add(PACKAGE + "." + n));
            return names;
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the exercise checks could not be listed: " + e.getCause(), e.getCause());
        }
    }

    /** The names, for a message that lists them. */
    public static String names() {
        return String.join(", ", all().stream().map(Exercise::name).toList());
    }
}
