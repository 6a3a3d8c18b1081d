package dev.dl4jlessons.runtime;

/**
 * JavaCPP and ND4J properties for tiny models, applied before ND4J loads.
 *
 * <p>Each setting is documented in docs/PERFORMANCE.md with the measurement behind it. A property the user
 * already set on the command line ({@code -Dkey=value}) always wins.
 */
final class NativeSettings {
    private NativeSettings() {
    }

    static void apply() {
        // Nothing here yet that has been proven safe; see docs/PERFORMANCE.md.
    }
}
