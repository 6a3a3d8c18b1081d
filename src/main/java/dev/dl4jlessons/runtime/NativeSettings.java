package dev.dl4jlessons.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * JavaCPP and ND4J settings for the course's tiny models, applied in code so they hold from Maven, the jar and an
 * IDE alike. Each one is measured in docs/PERFORMANCE.md. A property the user sets on the command line
 * ({@code -Dkey=value}) always wins.
 */
public final class NativeSettings {
    private static volatile boolean masterThreadsSet;
    private static final ThreadLocal<Boolean> tunedThread = ThreadLocal.withInitial(() -> false);

    private NativeSettings() {
    }

    /** Largest heap with which the physical-memory check is switched off (see {@link #apply()}). */
    static final long BOUNDED_HEAP = 1536L * 1024 * 1024;

    /** System properties; must run before ND4J (and so JavaCPP) loads. */
    static void apply() {
        // JavaCPP reads the process's physical memory on every native allocation while maxphysicalbytes is set, and
        // runs the garbage collector when it is exceeded; on models this small that check is about a third of a
        // training step. ND4J frees a native buffer only once the collector has found its Java object unreachable,
        // so without the check the heap size decides how often that happens. With a bounded heap (the course's
        // Maven and jar settings, -Xmx512m) young collections come often enough and memory stays flat; with the
        // JVM's default heap (a quarter of RAM, as in an IDE) it grew to 6 GB in 13,000 steps, so the check stays.
        if (Runtime.getRuntime().maxMemory() <= BOUNDED_HEAP) {
            CourseRuntime.setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", "0");
        }
    }

    /**
     * One native thread per operation, unless {@code OMP_NUM_THREADS} says otherwise: the course's matrices are a
     * few hundred numbers, where waking OpenMP threads costs more than the work. Called whenever a network is built,
     * on the thread that will train it: OpenMP keeps the thread count per calling thread, so a setting made on one
     * thread leaves the others (the notebook's and the lab's workers, the benchmark's main thread) at one OpenMP
     * thread per core, which on a busy 2-core machine made a 64-256-256-10 step 2 ms on one thread and 160 ms on
     * another. ({@code OMP_NUM_THREADS=1} in the environment would cover every thread, but it also caps ND4J's own
     * thread pool at one, which changes the rounding of the lab's larger validation losses in the sixth digit.)
     */
    public static void tuneThreads() {
        if (tunedThread.get() || System.getenv("OMP_NUM_THREADS") != null
                || System.getProperty("course.threads.native") != null) {
            return;
        }
        tunedThread.set(true);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        if (!masterThreadsSet) {
            synchronized (NativeSettings.class) {
                masterThreadsSet = true;
                Nd4j.getEnvironment().setMaxMasterThreads(1);
            }
        }
    }
}
