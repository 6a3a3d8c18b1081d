package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.lessons.DropoutLesson;

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
        }
    }
}
