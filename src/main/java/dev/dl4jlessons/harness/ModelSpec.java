package dev.dl4jlessons.harness;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** A named model the harness can train: what a model lesson shows the student. */
public interface ModelSpec {
    /** Short name used on the command line and in tables, e.g. {@code dropout}. */
    String name();

    /** The model for these settings (seed, learning rate, drop probability). */
    MultiLayerConfiguration model(Settings settings);
}
