package dev.dl4jlessons.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for tests that start a fresh JVM on this test's class path: the launcher, or a probe class. */
public final class ChildJvm {
    private static final String COURSE = "dev.dl4jlessons.cli.Course";

    private ChildJvm() {
    }

    /** This JVM's {@code java}: the one every child JVM of the tests runs on. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java JVM_OPTIONS -cp CLASS_PATH MAIN_CLASS ARGS}, with this JVM's {@code java}; a list to add to. */
    public static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** The launcher, {@code dev.dl4jlessons.cli.Course}, with {@code args} in a fresh JVM. */
    public static List<String> course(List<String> jvmOptions, String... args) {
        return command(jvmOptions, COURSE, args);
    }
}
