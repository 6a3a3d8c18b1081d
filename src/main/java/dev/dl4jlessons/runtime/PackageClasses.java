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
     * The simple names of the direct sub-packages of {@code packageName} that hold classes, sorted: how a lesson in
     * a package of its own ({@code lessons.fashion}) is found.
     *
     * @throws UncheckedIOException when a folder or jar cannot be read
     */
    public static TreeSet<String> subPackages(ClassLoader loader, String packageName) {
        String folder = packageName.replace('.', '/');
        var names = new TreeSet<String>();
        try {
            var urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(folder + "/") && n.endsWith(".class"))
                                .map(n -> n.substring(folder.length() + 1)).filter(n -> n.indexOf('/') > 0)
                                .filter(n -> n.indexOf('/') == n.lastIndexOf('/'))
                                .forEach(n -> names.add(n.substring(0, n.indexOf('/'))));
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

    private static void addClass(TreeSet<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
