package dev.dl4jlessons.harness;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** A named model the harness can train: what a model lesson shows the student. */
public interface ModelSpec {
    /** Short name used on the command line and in tables, e.g. {@code dropout}. */
    String name();

    /** The model for these settings (seed, learning rate, drop probability). */
    MultiLayerConfiguration model(Settings settings);

    /** A spec from a name and a configuration method, e.g. {@code ModelSpec.of("dropout", s -> configuration(s))}. */
    static ModelSpec of(String name, java.util.function.Function<Settings, MultiLayerConfiguration> configuration) {
        return new ModelSpec() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MultiLayerConfiguration model(Settings settings) {
                return configuration.apply(settings);
            }
        };
    }
}
