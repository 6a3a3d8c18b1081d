package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The top-level classes of one package as the class path holds them, in a classes folder (IDE, Maven) or in the jar:
 * how the lesson and exercise catalogs find a new class without any registration.
 */
public final class PackageClasses {
    private PackageClasses() {
    }

    /**
     * The simple names of the top-level classes of {@code packageName} (no nested classes, no {@code package-info}),
     * sorted, from every folder or jar of {@code loader} that holds the package.
     *
     * @throws UncheckedIOException when a folder or jar cannot be read
     */
    public static TreeSet<String> simpleNames(ClassLoader loader, String packageName) {
        String folder = packageName.replace('.', '/');
        var names = new TreeSet<String>();
        try {
            var urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.map(p -> p.getFileName().toString()).forEach(f -> addClass(names, f));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName())
                                .filter(n -> n.startsWith(folder + "/") && n.indexOf('/', folder.length() + 1) < 0)
                                .forEach(n -> addClass(names, n.substring(folder.length() + 1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
        return names;
    }

    /**
     * The fully qualified names of the top-level classes of {@code packageName} and of every package below it (a
     * lesson's own package, {@code lessons.dropout}, under {@code lessons}), sorted, from every folder or jar of
     * {@code loader} that holds them.
     *
     * @throws UncheckedIOException when a folder or jar cannot be read
     */
    public static TreeSet<String> classNamesBelow(ClassLoader loader, String packageName) {
        String folder = packageName.replace('.', '/');
        var names = new TreeSet<String>();
        try {
            var urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    Path base = Path.of(url.toURI());
                    try (Stream<Path> files = Files.walk(base)) {
                        files.filter(Files::isRegularFile).forEach(p -> addQualified(names, folder + "/"
                                + base.relativize(p).toString().replace('\\', '/')));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(folder + "/"))
                                .forEach(n -> addQualified(names, n));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
        return names;
    }

    private static void addQualified(TreeSet<String> names, String path) {
        int slash = path.lastIndexOf('/');
        var simple = new TreeSet<String>();
        addClass(simple, path.substring(slash + 1));
        simple.forEach(s -> names.add(path.substring(0, slash).replace('/', '.') + "." + s));
    }

    private static void addClass(TreeSet<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
