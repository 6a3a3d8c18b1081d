package dev.dl4jlessons.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.cli.Course;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The folder tree is the architecture: packages depend on each other one way only, from the launcher down to the
 * runtime. A cycle (a lesson's {@code main} importing the launcher that lists the lessons) fails here.
 */
class PackageDependenciesTest {
    /** Each package with the layer it sits in; a package may import only packages of a lower layer. */
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("runtime", 0), Map.entry("data", 1),
            Map.entry("pictures", 1), // the lessons' picture style and the interface their pictures implement
            Map.entry("harness", 2), Map.entry("scratch", 3),
            Map.entry("kernel", 3), // the notebook generator names the kernel it declares
            Map.entry("lessons", 4), Map.entry("lab", 5), Map.entry("parity", 5), Map.entry("bench", 5),
            Map.entry("docs", 5), Map.entry("ui", 5), Map.entry("playground", 5),
            Map.entry("exercises", 6), Map.entry("cli", 7));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.dl4jlessons\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyLowerLayers() throws IOException {
        Path main = ProjectFiles.requireRoot().resolve("src/main/java/dev/dl4jlessons");
        var violations = new TreeSet<String>();
        var seen = new TreeMap<String, Integer>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = main.relativize(file).getName(0).toString();
                Integer layer = LAYER.get(pkg);
                if (layer == null) {
                    violations.add("package '" + pkg + "' has no layer in this test: add it to LAYER");
                    continue;
                }
                seen.merge(pkg, 1, Integer::sum);
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(pkg) && LAYER.getOrDefault(target, 99) >= layer) {
                        violations.add(main.relativize(file) + " imports " + target);
                    }
                }
            }
        }
        assertEquals(LAYER.keySet(), seen.keySet(), "every layer is a real package");
        assertEquals(List.of(), List.copyOf(violations));
    }

    @Test
    void lessonMainsFindTheLauncherThroughTheServiceLoader() {
        var launcher = ServiceLoader.load(Launcher.class).findFirst().orElseThrow();
        assertInstanceOf(Course.Service.class, launcher);
    }
}
