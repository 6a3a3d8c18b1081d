package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Class 6 as a property: for any open-file limit, address-space limit and heap, the course refuses exactly when a
 * limit is below what it needs, with one line naming the limit, its value and the fix.
 */
class EnvironmentPropertiesTest {
    private static String limits(String files, String space) {
        return "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            " + files + "                 unlimited            files\n"
                + "Max address space         " + space + "           unlimited            bytes\n";
    }

    @Property(tries = 300)
    void refusedExactlyWhenALimitIsTooLow(@ForAll @LongRange(min = 1, max = 1 << 20) long files,
            @ForAll @LongRange(min = 1L << 20, max = 1L << 40) long space,
            @ForAll @LongRange(min = 32L << 20, max = 16L << 30) long heap) {
        Optional<String> problem = Environment.limitProblem(limits(Long.toString(files), Long.toString(space)), heap);
        boolean tooFewFiles = files < Environment.MIN_OPEN_FILES;
        boolean tooLittleSpace = space < heap + Environment.ADDRESS_SPACE_BESIDES_HEAP;
        assertEquals(tooFewFiles || tooLittleSpace, problem.isPresent(), problem.toString());
        problem.ifPresent(p -> {
            assertEquals(1, p.lines().count());
            if (tooFewFiles) {
                assertTrue(p.startsWith("the open-file limit is " + files + ",") && p.contains("ulimit -n 4096"), p);
            } else {
                assertTrue(p.startsWith("the address-space limit (ulimit -v) is " + (space >> 20) + " MB")
                        && p.contains("ulimit -v unlimited"), p);
            }
        });
        assertEquals(Optional.empty(), Environment.limitProblem(limits("unlimited", "unlimited"), heap));
    }

    @Property(tries = 100)
    void aHeapBelowTheMinimumIsRefusedNamingIt(@ForAll @LongRange(min = 1L << 20, max = 64L << 20) long heap) {
        var problem = Environment.problem(heap);
        if (heap < Environment.MIN_HEAP) {
            assertEquals("this JVM's heap is " + (heap >> 20) + " MB (-Xmx), less than the 32 MB the course needs; "
                    + "leave -Xmx out (the course picks 512 MB) or give at least -Xmx32m", problem.orElseThrow());
        } else {
            assertTrue(problem.isEmpty() || !problem.get().contains("heap is"), problem.toString());
        }
    }
}
