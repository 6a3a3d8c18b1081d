package dev.dl4jlessons.lessons.dropout;

import static dev.dl4jlessons.pictures.PictureStyle.DROPPED;
import static dev.dl4jlessons.pictures.PictureStyle.FIT;
import static dev.dl4jlessons.pictures.PictureStyle.MONO;
import static dev.dl4jlessons.pictures.PictureStyle.RELU_ZERO;
import static dev.dl4jlessons.pictures.PictureStyle.TEXT;
import static dev.dl4jlessons.pictures.PictureStyle.TITLE;
import static dev.dl4jlessons.pictures.PictureStyle.TRAIN;
import static dev.dl4jlessons.pictures.PictureStyle.canvas;
import static dev.dl4jlessons.pictures.PictureStyle.graphics;
import static dev.dl4jlessons.pictures.PictureStyle.heat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The dropout lesson's pictures: {@code dropout-masks.png} from {@link DropoutExperiments#masks} and
 * {@code dropout.gif} from {@link DropoutExperiments#trainingMasks}. In both, light grey is a unit that ReLU zeroed
 * and black a unit the mask dropped.
 */
public final class DropoutPictures implements LessonPictures {
    /** Training steps in the animation: the first epoch of the notebook's training. */
    public static final int GIF_STEPS = 10;

    @Override
    public List<Picture> pictures() {
        return List.of(new Picture("dropout-masks.png", () -> masks(DropoutExperiments.masks(SEED))),
                new Picture("dropout.gif", () -> gif(DropoutExperiments.trainingMasks(SEED, GIF_STEPS))));
    }

    /** Heatmaps of units × rows: inference, then three training-mode passes; the worked example beside them. */
    public static byte[] masks(DropoutExperiments.Masks d) {
        int rows = d.inference().length;
        int units = d.inference()[0].length;
        int cell = 14;
        int left = 70;
        int top = 70;
        int panelH = rows * cell + 48;
        int mapW = units * cell;
        int textX = left + mapW + 40;
        int width = textX + 420;
        int height = top + 4 * panelH + 70;
        double max = 0;
        for (double[][] t : d.training()) {
            for (double[] r : t) {
                for (double v : r) {
                    max = Math.max(max, v);
                }
            }
        }
        double scale = 1 / (1 - d.p());
        var image = canvas(width, height);
        Graphics2D g = graphics(image);
        g.setFont(TITLE);
        g.drawString(String.format(Locale.ROOT, "Dropout p = %.1f on the dropout lesson's hidden layer: %d rows × %d "
                + "units of one batch", d.p(), rows, units), 14, 26);
        g.setFont(TEXT);
        g.drawString("columns: hidden units; rows: the batch's rows. Same weights in every panel; each training pass "
                + "draws a new mask.", 14, 48);
        for (int k = 0; k < 4; k++) {
            double[][] m = k == 0 ? d.inference() : d.training().get(k - 1);
            int y0 = top + k * panelH;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(k == 0 ? "inference: output(x, false), no units dropped"
                    : String.format(Locale.ROOT, "training pass %d: output(x, true), %.0f%% of the active units "
                            + "dropped, survivors × %.0f", k, 100 * d.dropFraction()[k - 1], scale), left, y0 + 14);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < units; j++) {
                    boolean reluZero = d.inference()[i][j] == 0;
                    g.setColor(reluZero ? RELU_ZERO : m[i][j] == 0 ? DROPPED : heat(m[i][j] / max));
                    g.fillRect(left + j * cell, y0 + 22 + i * cell, cell - 1, cell - 1);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("row", left - 30, y0 + 22 + rows * cell / 2);
        }
        int ky = top + 4 * panelH + 6;
        key(g, left, ky);
        int barX = left;
        int barY = ky + 26;
        for (int i = 0; i < 300; i++) {
            g.setColor(heat(i / 299.0));
            g.fillRect(barX + i, barY, 1, 14);
        }
        g.setColor(Color.BLACK);
        g.drawString("0", barX - 12, barY + 12);
        g.drawString(String.format(Locale.ROOT, "%.2f  activation (survivors are inference × 1/(1−p) = × %.0f)", max,
                scale), barX + 306, barY + 12);
        // the worked example
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        int ty = top + 14;
        g.drawString("A worked example: a 2×8 array through dropout", textX, ty);
        g.drawString("in training mode (DL4J's DropoutLayer)", textX, ty + 18);
        g.setFont(MONO);
        ty += 46;
        g.drawString("input", textX, ty);
        ty += 16;
        for (double[] r : d.tinyInput()) {
            g.drawString(rowText(r), textX, ty);
            ty += 16;
        }
        for (int k = 0; k < d.tinyP().length; k++) {
            ty += 14;
            double p = d.tinyP()[k];
            g.drawString(p == 0 ? "p = 0: nothing dropped, scale 1" : p == 1 ? "p = 1: everything dropped"
                    : String.format(Locale.ROOT, "p = %.1f: about half dropped, rest × %.0f", p, 1 / (1 - p)), textX,
                    ty);
            ty += 16;
            for (double[] r : d.tinyOutput().get(k)) {
                g.drawString(rowText(r), textX, ty);
                ty += 16;
            }
        }
        g.setFont(TEXT);
        ty += 20;
        g.drawString("At p = 1 DL4J has no layer: its retain", textX, ty);
        g.drawString("probability would be 0 and the scale 1/(1−p)", textX, ty + 16);
        g.drawString("infinite. PyTorch's nn.Dropout(1) returns zeros,", textX, ty + 32);
        g.drawString("shown here.", textX, ty + 48);
        g.dispose();
        return PictureStyle.png(image);
    }

    /** The key both pictures share: what light grey and black mean. */
    private static void key(Graphics2D g, int x, int y) {
        g.setFont(TEXT);
        g.setColor(RELU_ZERO);
        g.fillRect(x, y, 14, 14);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, y, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("0 from ReLU (also 0 in inference)", x + 20, y + 12);
        g.setColor(DROPPED);
        g.fillRect(x + 270, y, 14, 14);
        g.drawString("0 from the dropout mask", x + 290, y + 12);
    }

    private static String rowText(double[] r) {
        var sb = new StringBuilder();
        for (double v : r) {
            sb.append(String.format(Locale.ROOT, "%4.0f", v));
        }
        return sb.toString();
    }

    /**
     * One frame per training step: 10 inputs, the 50 hidden units as the batch's first row saw them in that step
     * (kept in red, dropped in black, zeroed by ReLU in light grey), one output; the step's loss in the title.
     */
    public static byte[] gif(DropoutExperiments.TrainingMasks d) {
        List<BufferedImage> frames = new ArrayList<>();
        int width = 560;
        int height = 660;
        int inX = 90;
        int hidX = 290;
        int outX = 480;
        int top = 100;
        int bottom = 70;
        int hidden = d.units().get(0).length;
        double hidStep = (height - top - bottom) / (double) hidden;
        double inStep = (height - top - bottom) / 10.0;
        for (int f = 0; f < d.units().size(); f++) {
            DropoutExperiments.Unit[] units = d.units().get(f);
            int dropped = 0;
            int relu = 0;
            for (DropoutExperiments.Unit u : units) {
                dropped += u == DropoutExperiments.Unit.DROPPED ? 1 : 0;
                relu += u == DropoutExperiments.Unit.RELU_ZERO ? 1 : 0;
            }
            var image = canvas(width, height);
            Graphics2D g = graphics(image);
            g.setFont(TITLE);
            g.drawString(String.format(Locale.ROOT, "Dropout p = %.1f, training step %d of %d (loss %.3f)", d.p(),
                    f + 1, d.units().size(), d.losses()[f]), 14, 26);
            g.setFont(TEXT);
            g.drawString("The dropout lesson's model in training: the mask on the batch's first row.", 14, 48);
            g.drawString(String.format(Locale.ROOT, "%d of the %d units ReLU passed on were dropped; kept ones × %.0f",
                    dropped, hidden - relu, 1 / (1 - d.p())), 14, 68);
            g.drawString("inputs (10)", inX - 40, top - 12);
            g.drawString("hidden ReLU (" + hidden + ")", hidX - 50, top - 12);
            g.drawString("output", outX - 20, top - 12);
            int outY = (int) (top + (height - top - bottom) / 2.0);
            g.setStroke(new BasicStroke(0.6f));
            for (int j = 0; j < hidden; j++) {
                if (units[j] != DropoutExperiments.Unit.KEPT) {
                    continue;
                }
                int hy = (int) (top + hidStep * (j + 0.5));
                g.setColor(new Color(31, 119, 180, 50));
                for (int i = 0; i < 10; i++) {
                    g.drawLine(inX, (int) (top + inStep * (i + 0.5)), hidX, hy);
                }
                g.setColor(new Color(214, 39, 40, 120));
                g.drawLine(hidX, hy, outX, outY);
            }
            for (int i = 0; i < 10; i++) {
                node(g, inX, (int) (top + inStep * (i + 0.5)), 9, TRAIN);
            }
            for (int j = 0; j < hidden; j++) {
                int hy = (int) (top + hidStep * (j + 0.5));
                node(g, hidX, hy, 4, switch (units[j]) {
                    case KEPT -> FIT;
                    case DROPPED -> DROPPED;
                    case RELU_ZERO -> RELU_ZERO;
                });
            }
            node(g, outX, outY, 10, Color.DARK_GRAY);
            key(g, 14, height - 40);
            g.dispose();
            frames.add(image);
        }
        return PictureStyle.gif(frames, 900);
    }

    private static void node(Graphics2D g, int x, int y, int r, Color c) {
        g.setColor(c);
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawOval(x - r, y - r, 2 * r, 2 * r);
    }
}
