package dev.dl4jlessons.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.LongRange;

/**
 * Class 3 as a property: the launcher killed with a random signal at a random moment (while the child starts, loads
 * ND4J or trains) ends the run within the grace period, and nothing is written afterwards. Each try is a real run
 * of about 5 s, so the property is tagged {@code soak}; the default suite has {@code KilledRunTest}'s SIGKILL case.
 */
@Tag("soak")
class KilledRunPropertiesTest {
    @Provide
    Arbitrary<String> signals() {
        return Arbitraries.of("KILL", "TERM", "INT");
    }

    @Property(tries = 12)
    void aLauncherKilledAtARandomMomentEndsTheRun(@ForAll("signals") String signal,
            @ForAll @LongRange(min = 0, max = 4000) long delayMillis) throws Exception {
        Path dir = Files.createTempDirectory("killed");
        try {
            KilledRunTest.killedLauncherStopsTheRun(dir, signal, delayMillis);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
