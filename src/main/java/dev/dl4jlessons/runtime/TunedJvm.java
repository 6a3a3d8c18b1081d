package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts the course in a JVM with the collector and heap it runs best with, when the JVM it was started in has
 * neither chosen by the user: plain {@code java -jar} and an IDE's run of a lesson's {@code main}.
 *
 * <p>Why a second JVM: ND4J frees a native buffer only after the garbage collector has found its small Java object
 * unreachable, so the collector's settings decide both the step time and whether memory stays flat, and a running
 * JVM cannot change its collector or heap limit. Measured in docs/PERFORMANCE.md: the parallel collector with a
 * 512 MB heap is about twice as fast per step as the default G1 with a quarter of the RAM, and keeps RSS flat where
 * the default grows to gigabytes. No jar-manifest entry can set JVM options.
 *
 * <p>The new JVM gets the same JVM options, class path, main class and arguments, plus the course's flags and
 * {@value #GUARD}, which stops it from relaunching again, and {@value #PARENT}, the launcher's process id: the new JVM
 * halts within a fraction of a second when the launcher is gone, even one killed with SIGKILL. Its standard streams are this process's, and its exit
 * code becomes this process's. Nothing is relaunched when the user chose a collector or a heap size, when a debugger
 * is attached (its breakpoints would sit in the wrong process), when the class path is not the JVM's own (Maven's
 * {@code exec:java}, which gets the flags from {@code .mvn/jvm.config} instead), or with {@code -D}{@value #SWITCH}
 * {@code =false}.
 */
public final class TunedJvm {
    /** System property set on the relaunched JVM, so it never relaunches again. */
    public static final String GUARD = "course.relaunched";
    /** System property that, set to {@code false}, keeps the course in the JVM it was started in. */
    public static final String SWITCH = "course.relaunch";
    /**
     * System property naming the launcher's process id on the relaunched JVM, which halts as soon as that process is
     * gone (see {@link #watchParent}).
     */
    public static final String PARENT = "course.parent";
    /** Exit code of a relaunched JVM whose launcher was killed: 128 + SIGKILL, as a shell reports a killed job. */
    static final int ORPHANED = 137;
    /** How often the relaunched JVM looks whether its launcher is still alive. */
    static final long PARENT_POLL_MILLIS = 200;
    /** The JVM flags the course runs with (the same as {@code .mvn/jvm.config}). */
    public static final List<String> FLAGS = List.of("-XX:+UseParallelGC", "-Xmx512m");

    private TunedJvm() {
    }

    /** What the current JVM looks like, as far as the decision goes. */
    record Jvm(List<String> inputArguments, String javaHome, String classPath, boolean systemClassLoader,
            String guard, String relaunchSwitch) {
        static Jvm current(Class<?> mainClass) {
            return new Jvm(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.home"),
                    System.getProperty("java.class.path", ""),
                    mainClass.getClassLoader() == ClassLoader.getSystemClassLoader(), System.getProperty(GUARD),
                    System.getProperty(SWITCH));
        }
    }

    /**
     * The command that relaunches {@code mainClass} with {@code args} in a tuned JVM, or empty when this JVM should
     * run the course itself (see the class comment for when).
     */
    static Optional<List<String>> command(Jvm jvm, String mainClass, String[] args) {
        if (jvm.guard() != null || "false".equalsIgnoreCase(jvm.relaunchSwitch()) || !jvm.systemClassLoader()
                || jvm.classPath().isEmpty() || jvm.inputArguments().stream().anyMatch(TunedJvm::userChoice)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(jvm.javaHome(), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(jvm.inputArguments());
        command.add("-D" + GUARD + "=true");
        command.add("-cp");
        command.add(jvm.classPath());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return Optional.of(command);
    }

    /** A JVM option that chooses a collector or a heap limit, or attaches a debugger: the user's choice stands. */
    static boolean userChoice(String option) {
        return option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize") || option.startsWith("-XX:MaxRAM")
                || (option.startsWith("-XX:+Use") && option.endsWith("GC")) || option.contains("jdwp")
                || option.startsWith("-Xdebug");
    }

    /**
     * Runs {@code mainClass} with {@code args} in a tuned JVM and returns its exit code, or returns empty when this
     * JVM should run the course itself. With {@code --verbose} among the arguments, says so on standard error.
     */
    public static OptionalInt relaunch(Class<?> mainClass, String[] args) {
        watchParent(System.getProperty(PARENT));
        var command = command(Jvm.current(mainClass), mainClass.getName(), args);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> withParent = new ArrayList<>(command.get());
        withParent.add(withParent.indexOf("-D" + GUARD + "=true") + 1,
                "-D" + PARENT + "=" + ProcessHandle.current().pid());
        if (Arrays.asList(args).contains("--verbose")) {
            System.err.println("course: restarting the JVM with " + String.join(" ", FLAGS)
                    + " (docs/PERFORMANCE.md; -D" + SWITCH + "=false to stay in this one)");
        }
        Process child;
        try {
            child = new ProcessBuilder(withParent).inheritIO().start();
        } catch (IOException e) {
            // no java executable where java.home says: run in this JVM, slower but correct
            return OptionalInt.empty();
        }
        // Stopping this process (Ctrl-C, an IDE's stop button) stops the course too.
        Thread stop = new Thread(child::destroy, "course-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                int code = child.waitFor();
                return OptionalInt.of(code);
            } catch (InterruptedException e) {
                child.destroy();
            }
        }
    }

    /** The heap the course will run with: {@code -Xmx512m} when it relaunches, this JVM's otherwise. */
    public static long heapOfRun(Class<?> mainClass) {
        boolean relaunches = command(Jvm.current(mainClass), mainClass.getName(), new String[0]).isPresent();
        return relaunches ? 512L << 20 : Runtime.getRuntime().maxMemory();
    }

    /**
     * In a relaunched JVM ({@code pid} is the launcher's process id, from {@value #PARENT}), starts a daemon thread
     * that halts this JVM, without running shutdown hooks or committing any output, as soon as the launcher is no
     * longer alive. A launcher killed with SIGKILL cannot stop its child itself; without this the child would go on
     * under PID 1 and write {@code --out} long after the user stopped the run. SIGTERM and SIGINT reach the child
     * through the launcher's shutdown hook as well. Does nothing for a {@code null} or unknown {@code pid}. The
     * Jupyter kernel uses it too, with the process that started it ({@code JPY_PARENT_PID}).
     */
    public static void watchParent(String pid) {
        if (pid == null) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return;
        }
        if (parent.isEmpty()) {
            haltOrphaned();
        }
        ProcessHandle launcher = parent.get();
        Thread watch = new Thread(() -> {
            while (launcher.isAlive()) {
                try {
                    Thread.sleep(PARENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    // keep watching: only the launcher's end stops this thread
                }
            }
            haltOrphaned();
        }, "course-launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Halts this JVM without its shutdown hooks, after asking every process it started to stop (SIGTERM): a Jupyter
     * server that {@code notebook --open} started ends with it instead of running on alone.
     */
    private static void haltOrphaned() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        Runtime.getRuntime().halt(ORPHANED);
    }

    /** One line naming this JVM's collectors and heap limit, and whether the course relaunched it. */
    public static String describe() {
        String collectors = String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
        return String.format(java.util.Locale.ROOT, "course: JVM collectors %s; max heap %d MB; %s", collectors,
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty(GUARD) != null ? "relaunched with the course's flags" : "not relaunched");
    }
}
