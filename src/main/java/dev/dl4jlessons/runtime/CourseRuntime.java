package dev.dl4jlessons.runtime;

/**
 * Process-wide settings that must be in place before ND4J or SLF4J initialise.
 *
 * <p>Every entry point (the launcher, each lesson's {@code main}, the tests' helpers) calls {@link #init(boolean)}
 * first, so the same settings apply from Maven, the jar and an IDE. System properties read by JavaCPP, ND4J and
 * slf4j-simple are only read once, when those libraries load, so setting them later has no effect.
 */
public final class CourseRuntime {
    private static volatile boolean initialised;

    private CourseRuntime() {
    }

    /**
     * Applies logging and runtime settings. Only the first call has an effect.
     *
     * @param verbose show DL4J/ND4J INFO logs instead of warnings only
     */
    public static synchronized void init(boolean verbose) {
        if (initialised) {
            return;
        }
        initialised = true;
        // Charts are rendered off-screen; without this an IDE on a display-less machine fails in AWT.
        setIfAbsent("java.awt.headless", "true");
        // Numbers in printed tables, generated guides and chart axes must not depend on the user's locale (an
        // Arabic or Thai locale would write other digits, a German one decimal commas): libraries such as XChart
        // format with the default locale, so the course makes that default locale-neutral.
        java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, java.util.Locale.ROOT);
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.org.deeplearning4j.earlystopping", "info");
        }
        NativeSettings.apply();
    }

    static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
