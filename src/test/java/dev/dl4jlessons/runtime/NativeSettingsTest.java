package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;

/** The runtime settings are in force once the course has started, wherever it was started from. */
class NativeSettingsTest {
    static {
        CourseRuntime.init(false);
    }

    @Test
    void physicalMemoryCheckIsOffOnlyWithABoundedHeap() {
        // the test JVM runs with -Xmx1g (pom.xml), a bounded heap
        assertTrue(Runtime.getRuntime().maxMemory() <= NativeSettings.BOUNDED_HEAP);
        assertEquals("0", System.getProperty("org.bytedeco.javacpp.maxphysicalbytes"));
        assertEquals(0, Pointer.maxPhysicalBytes(), "JavaCPP read the property before it loaded");
    }

    @Test
    void nativeOperationsRunOnOneThreadUnlessTheUserSetsOmpNumThreads() {
        Networks.create(DropoutLesson.configuration());
        if (System.getenv("OMP_NUM_THREADS") == null) {
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        }
    }

    @Test
    void everyThreadThatBuildsANetworkGetsOneOpenMpThread() throws Exception {
        Networks.create(DropoutLesson.configuration());
        // OpenMP keeps the count per thread: a worker that builds its own network must be set too
        int[] seen = new int[2];
        Thread worker = new Thread(() -> {
            seen[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
            Networks.create(DropoutLesson.configuration());
            seen[1] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        });
        worker.start();
        worker.join();
        if (System.getenv("OMP_NUM_THREADS") == null && Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(seen[0] > 1, "a fresh thread starts at OpenMP's default, one thread per core: " + seen[0]);
            assertEquals(1, seen[1]);
        }
    }
}
