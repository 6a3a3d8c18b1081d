package dev.dl4jlessons.runtime;

import java.util.ServiceLoader;

/**
 * The course launcher as lessons see it. A lesson's {@code main} calls {@link #lesson(String, String[])}; the
 * implementation lives in the {@code cli} package, which depends on the lessons, so the lessons reach it through
 * {@link ServiceLoader} and the packages depend on each other one way only: {@code cli → lessons → runtime}.
 */
public interface Launcher {
    /** Parses {@code args} as the command line does, runs, and exits the JVM with the exit code. */
    void main(String[] args);

    /** Runs one lesson by name with extra command-line options, as if typed after {@code course LESSON}. */
    static void lesson(String name, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        var launcher = ServiceLoader.load(Launcher.class).findFirst();
        if (launcher.isEmpty()) {
            // an IDE that compiled src/main/java but left src/main/resources off the run's class path
            System.err.println(MISSING);
            System.exit(2);
        }
        launcher.get().main(all);
    }

    /**
     * The one line printed when no launcher is registered: the class path lacks {@code src/main/resources} (or its
     * copy in {@code target/classes}), where {@code META-INF/services} names the launcher.
     */
    String MISSING = "error: no course launcher on the class path: src/main/resources (which holds "
            + "META-INF/services/" + Launcher.class.getName() + ") is missing from it; mark src/main/resources as a "
            + "resources folder in the IDE (importing pom.xml as a Maven project does that), or run through Maven";
}
