package dev.dl4jlessons.harness;

import java.util.Map;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * DL4J settings that behave like PyTorch's defaults where the two libraries' formulas differ.
 */
public final class PyTorchDefaults {
    /** PyTorch's {@code torch.optim.Adam} epsilon. */
    public static final double TORCH_ADAM_EPSILON = 1e-8;
    /** Adam's beta2, the same default in both libraries. */
    public static final double ADAM_BETA2 = 0.999;

    private PyTorchDefaults() {
    }

    /**
     * {@code torch.optim.Adam(params, lr)} in DL4J.
     *
     * <p>Both libraries compute the same step except for where epsilon goes. PyTorch divides by
     * {@code sqrt(v / (1 - beta2^t)) + eps}; DL4J by {@code (sqrt(v) + eps) / sqrt(1 - beta2^t)}, so DL4J's epsilon
     * acts {@code 1/sqrt(1 - beta2^t)} times larger: about 32 times at the first step. For a weight whose gradient
     * is tiny (a hidden unit that fired for one row, say) that changes the first update by tens of percent, and
     * PyTorch parity fails at 1e-4. Scaling DL4J's epsilon by {@code sqrt(1 - beta2)} makes the first steps agree
     * exactly; later steps differ by less than 1e-9 in the denominator.
     */
    public static Adam adam(double learningRate) {
        return new Adam(learningRate, 0.9, ADAM_BETA2, TORCH_ADAM_EPSILON * Math.sqrt(1 - ADAM_BETA2));
    }

    /**
     * {@link #adam(double)} whose learning rate steps down once, like PyTorch's {@code MultiStepLR} with one
     * milestone: {@code learningRate} for the first {@code steps} steps, {@code later} from then on. DL4J counts the
     * steps (iterations) from 0, one per {@code fit(batch)}.
     */
    public static Adam adam(double learningRate, int steps, double later) {
        var schedule = new MapSchedule(ScheduleType.ITERATION, Map.of(0, learningRate, steps, later));
        return Adam.builder().learningRateSchedule(schedule).beta1(0.9).beta2(ADAM_BETA2)
                .epsilon(TORCH_ADAM_EPSILON * Math.sqrt(1 - ADAM_BETA2)).build();
    }
}
