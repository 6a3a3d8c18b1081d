package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MemoryTest {
    private static final long MB = 1L << 20;
    private static final Path FILE = Path.of("train-images-idx3-ubyte.gz");

    @Test
    void garbageThatACollectionFreesDoesNotRefuseAnInput() {
        AtomicInteger collections = new AtomicInteger();
        // 40 MB free before the collection (budget 30 MB), 400 MB after it (budget 300 MB): 89 MB fits
        assertDoesNotThrow(() -> Memory.requireFits(FILE, 89 * MB,
                () -> collections.get() == 0 ? 40 * MB : 400 * MB, collections::incrementAndGet));
        assertEquals(1, collections.get(), "one collection before measuring again");
    }

    @Test
    void anInputThatFitsIsNotWorthACollection() {
        AtomicInteger collections = new AtomicInteger();
        Memory.requireFits(FILE, 89 * MB, () -> 400 * MB, collections::incrementAndGet);
        assertEquals(0, collections.get());
    }

    @Test
    void anInputLargerThanTheHeapFreeAfterACollectionIsRefusedWithOneLineNamingIt() {
        AtomicInteger collections = new AtomicInteger();
        var e = assertThrows(InputException.class, () -> Memory.requireFits(FILE, 89 * MB, () -> 100 * MB,
                collections::incrementAndGet));
        assertEquals(1, collections.get());
        assertTrue(e.getMessage().startsWith(FILE + ": reading it needs about 89 MB, more than the 75 MB"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
