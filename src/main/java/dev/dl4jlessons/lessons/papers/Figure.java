package dev.dl4jlessons.lessons.papers;

import java.util.Arrays;
import java.util.Locale;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;

/** The five reproductions, by the name the command line gives them, with the picture each writes. */
public enum Figure {
    /** Ioffe and Szegedy (2015), Figure 1: accuracy and the sigmoid input's percentiles, with and without BN. */
    BN_FIGURE1("bn-figure1", "Ioffe & Szegedy (2015), Figure 1: batch norm and the drifting sigmoid input"),
    /** Srivastava et al. (2014), Figures 7 and 8: an autoencoder's features and sparsity. */
    DROPOUT_FEATURES("dropout-features", "Srivastava et al. (2014), Figures 7 and 8: features and sparsity"),
    /** Srivastava et al. (2014), Figure 9: the retain probability, with n or p·n fixed. */
    RETAIN("retain", "Srivastava et al. (2014), Figure 9: the retain probability p"),
    /** Srivastava et al. (2014), Figure 10: the training-set size. */
    DATA_SIZE("data-size", "Srivastava et al. (2014), Figure 10: dropout and the data set's size"),
    /** Li et al. (2019): the variance shift between dropout and batch norm, and two remedies. */
    VARIANCE_SHIFT("variance-shift", "Li et al. (2019): the variance shift of dropout before batch norm");

    private final String command;
    private final String title;

    Figure(String command, String title) {
        this.command = command;
        this.title = title;
    }

    /** The name on the command line, e.g. {@code bn-figure1}. */
    public String command() {
        return command;
    }

    /** The paper and figure. */
    public String title() {
        return title;
    }

    /** The picture's file name under {@code lessons/img/} or {@code --out}. */
    public String picture() {
        return "papers-" + command + ".png";
    }

    /**
     * The figure called {@code name} on the command line.
     *
     * @throws InputException naming the figure and the ones that exist
     */
    public static Figure of(String name) {
        return Arrays.stream(values()).filter(f -> f.command.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new InputException("papers: unknown figure '" + Messages.escape(name) + "'"
                        + Messages.didYouMean(name, Arrays.stream(values()).map(Figure::command).toList())
                        + "; the figures are " + String.join(", ", Arrays.stream(values()).map(Figure::command)
                                .toList())));
    }
}
