package dev.dl4jlessons.exercises;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

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
        var names = new TreeSet<String>();
        String path = PACKAGE.replace('.', '/');
        try {
            Enumeration<URL> roots = ExerciseCatalog.class.getClassLoader().getResources(path);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if (url.getProtocol().equals("jar")) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName())
                                .filter(n -> n.startsWith(path + "/") && n.indexOf('/', path.length() + 1) < 0)
                                .forEach(n -> add(names, n.substring(path.length() + 1)));
                    }
                } else if (url.getProtocol().equals("file")) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(f -> add(names, f.getFileName().toString()));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("the exercise checks could not be listed: " + e, e);
        }
        return names;
    }

    private static void add(TreeSet<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.startsWith("package-info")) {
            names.add(PACKAGE + "." + file.substring(0, file.length() - ".class".length()));
        }
    }

    /** The names, for a message that lists them. */
    public static String names() {
        return String.join(", ", all().stream().map(Exercise::name).toList());
    }
}
