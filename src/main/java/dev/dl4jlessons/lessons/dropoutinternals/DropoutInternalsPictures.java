package dev.dl4jlessons.lessons.dropoutinternals;

import static dev.dl4jlessons.pictures.PictureStyle.FIT;
import static dev.dl4jlessons.pictures.PictureStyle.LATER;
import static dev.dl4jlessons.pictures.PictureStyle.TRAIN;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.pictures.PictureStyle;

/** Lesson 5's picture: {@code dropout-passes.png} from {@link DropoutInternalsExperiments#passes}. */
public final class DropoutInternalsPictures implements LessonPictures {
    @Override
    public List<Picture> pictures() {
        return List.of(new Picture("dropout-passes.png", () -> passes(DropoutInternalsExperiments.passes(SEED,
                DropoutInternalsExperiments.PASSES_EPOCHS, DropoutInternalsExperiments.PASSES))));
    }

    /** A histogram of the training-mode predictions, with the inference prediction and the passes' mean marked. */
    public static byte[] passes(DropoutInternalsExperiments.Passes d) {
        XYChart c = PictureStyle.panel(String.format(Locale.ROOT, "One held-out row, %d passes of output(x, true) "
                + "through the trained dropout model", d.passes().length), "prediction", "passes", 900, 520);
        double[][] h = PictureStyle.histogram(d.passes(), 30);
        double top = 0;
        for (double v : h[1]) {
            top = Math.max(top, v);
        }
        PictureStyle.line(c, String.format(Locale.ROOT, "training-mode passes: mean %.3f, std %.3f", d.mean(),
                d.std()), h[0], h[1], TRAIN, PictureStyle.solid());
        PictureStyle.line(c, String.format(Locale.ROOT, "output(x, false) = %.3f", d.inference()),
                new double[] {d.inference(), d.inference()}, new double[] {0, top * 1.05}, FIT, new BasicStroke(3f));
        PictureStyle.line(c, String.format(Locale.ROOT, "mean of the passes = %.3f", d.mean()),
                new double[] {d.mean(), d.mean()}, new double[] {0, top * 1.05}, LATER, PictureStyle.dashed());
        PictureStyle.line(c, String.format(Locale.ROOT, "target = %.3f", d.target()),
                new double[] {d.target(), d.target()}, new double[] {0, top * 1.05}, Color.GRAY,
                PictureStyle.dotted());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return PictureStyle.png(PictureStyle.compose("Dropout as an ensemble: every training-mode pass is a different "
                + "thinned network", List.of(c), 1, List.of(String.format(Locale.ROOT, "The dropout lesson's model, "
                        + "trained %d epochs on the learnable synthetic data (training MSE %.3f). Inference uses the "
                        + "whole network;", DropoutInternalsExperiments.PASSES_EPOCHS, d.trainMse()),
                        "averaging many thinned passes (MC dropout) approximates it, and their spread is the model's "
                        + "uncertainty about this row.")));
    }
}
