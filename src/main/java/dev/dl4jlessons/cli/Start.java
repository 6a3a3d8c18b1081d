package dev.dl4jlessons.cli;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * The jar's entry point. It uses nothing but the JDK, so that it can say in one line what is wrong when the jar has
 * been copied without the {@code lib/} folder beside it (where its manifest's {@code Class-Path} points), instead of
 * the JVM's {@code NoClassDefFoundError: picocli/CommandLine}. With the libraries present it hands over to
 * {@link Course#main}.
 */
public final class Start {
    /** Classes every run needs, one from each library whose absence shows first. */
    static final String[] REQUIRED = {"picocli.CommandLine", "org.nd4j.linalg.factory.Nd4j",
        "org.deeplearning4j.nn.multilayer.MultiLayerNetwork"};

    private Start() {
    }

    /** Checks for the libraries, then runs the launcher; exits 2 with one line when a library is missing. */
    public static void main(String[] args) throws ReflectiveOperationException {
        String missing = missingLibrary(Start.class.getClassLoader());
        if (missing != null) {
            System.err.println(message(missing, where()));
            System.exit(2);
        }
        try {
            // by name: a direct reference would let the JVM resolve Course, and picocli with it, before the check
            Class.forName("dev.dl4jlessons.cli.Course").getMethod("main", String[].class).invoke(null,
                    (Object) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The first required class {@code loader} cannot find, or null when all are there. */
    static String missingLibrary(ClassLoader loader) {
        for (String name : REQUIRED) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return name;
            }
        }
        return null;
    }

    /** The one-line error for a missing class, given the jar or classes folder the course runs from. */
    static String message(String missingClass, Path codeSource) {
        String file = codeSource == null ? "" : codeSource.getFileName().toString();
        if (file.endsWith(".jar")) {
            return "error: " + file + " needs the lib/ folder that 'mvn package' writes beside it (target/lib/; "
                    + missingClass + " is in one of its jars): copy lib/ along with the jar, or run the jar in target/";
        }
        return "error: the course's libraries are not on the class path (" + missingClass + " is missing): run it with "
                + "'mvn -q compile exec:java', or import pom.xml into the IDE as a Maven project";
    }

    private static Path where() {
        try {
            return Path.of(Start.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null; // no code source to name: the message falls back to the class path wording
        }
    }
}
