package dev.dl4jlessons.lessons.capacity;

import static dev.dl4jlessons.pictures.PictureStyle.FIT;
import static dev.dl4jlessons.pictures.PictureStyle.TRAIN;
import static dev.dl4jlessons.pictures.PictureStyle.VALIDATION;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The capacity lesson's drawn picture, {@code underfit-overfit.png}, from {@link CapacityExperiments#underfitOverfit}.
 * (Its sweep charts, {@code capacity-*.png}, are the lesson's own output.)
 */
public final class CapacityPictures implements LessonPictures {
    @Override
    public List<Picture> pictures() {
        return List.of(new Picture("underfit-overfit.png", () -> underfitOverfit(CapacityExperiments.underfitOverfit(
                SEED, CapacityExperiments.CURVE_STEPS))));
    }

    /** Four panels: the points, the true function and one model's fitted curve each, with its MSEs in the title. */
    public static byte[] underfitOverfit(CapacityExperiments.UnderfitOverfit d) {
        List<XYChart> panels = new ArrayList<>();
        for (CapacityExperiments.CurveFit f : d.fits()) {
            XYChart c = PictureStyle.panel(String.format(Locale.ROOT, "%s: train MSE %.3f, val MSE %.3f", f.name(),
                    f.trainMse(), f.validationMse()), "x", "y", 470, 330);
            c.getStyler().setYAxisMin(-2.5);
            c.getStyler().setYAxisMax(2.5);
            PictureStyle.scatter(c, "held-out points", d.validationX(), d.validationY(), VALIDATION, 3);
            PictureStyle.scatter(c, "training points", d.trainX(), d.trainY(), TRAIN, 7);
            PictureStyle.line(c, "true function", d.gridX(), d.truth(), Color.GRAY, PictureStyle.dotted());
            PictureStyle.line(c, "fitted: " + f.model(), d.gridX(), f.curve(), FIT, new BasicStroke(2.5f));
            panels.add(c);
        }
        return PictureStyle.png(PictureStyle.compose("Underfitting and overfitting: " + d.trainX().length
                + " noisy training points, " + d.validationX().length + " held-out points (seed " + SEED + ")",
                panels, 2, List.of("Every model: tanh hidden layers, Adam lr 0.01, full batch; losses measured with "
                        + "dropout off.")));
    }
}
